import { Adler32 } from './adler32';
import { Crc32c } from './crc32c';
import type { DigestAlgorithm, HasherFactory, PersistableHasher } from './hasher';
import { Md5 } from './md5';
import { createPure } from './pure-algorithms';
import { SegmentTreeHasher } from './segment-tree';
import { Sha1 } from './sha1';
import { Sha256 } from './sha256';
import { STATE_KINDS, stateKind } from './state';

/** Hashers in plain TypeScript: the fallback on runtimes without node:crypto, and persistable. */
export const pureHashers = {
  create(algorithm: DigestAlgorithm): PersistableHasher {
    return createPure(algorithm);
  },

  /** Any pure hasher from its exportState(); throws TypeError on a malformed state. */
  restore(state: Uint8Array): PersistableHasher {
    switch (stateKind(state)) {
      case STATE_KINDS.sha1:
        return Sha1.fromState(state);
      case STATE_KINDS.sha256:
        return Sha256.fromState(state);
      case STATE_KINDS.md5:
        return Md5.fromState(state);
      case STATE_KINDS.adler32:
        return Adler32.fromState(state);
      case STATE_KINDS.crc32c:
        return Crc32c.fromState(state);
      case STATE_KINDS.segmentTree:
        return SegmentTreeHasher.fromState(state, pureHashers);
    }
    throw new TypeError('unknown hasher state kind');
  },
} satisfies HasherFactory;

/** Digest of the concatenation of `chunks`. */
export function digestOf(factory: HasherFactory, algorithm: DigestAlgorithm, ...chunks: Uint8Array[]): Uint8Array {
  const h = factory.create(algorithm);
  for (const c of chunks) h.update(c);
  return h.digest();
}
