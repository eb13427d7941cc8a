import { createHash, type Hash } from 'node:crypto';
import { type DigestAlgorithm, type Hasher, type HasherFactory, pureHashers } from '@rangeway/core';

const NODE_NAMES: Partial<Record<DigestAlgorithm, string>> = { sha1: 'sha1', sha256: 'sha256', md5: 'md5' };

/** node:crypto's streaming hash (SHA-NI/OpenSSL: ~5-10x the pure-JS fallback) behind the core's Hasher. */
class NodeHasher implements Hasher {
  constructor(
    readonly algorithm: DigestAlgorithm,
    private readonly hash: Hash,
  ) {}
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  digest(): Uint8Array {
    const b = this.hash.digest();
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  clone(): Hasher {
    return new NodeHasher(this.algorithm, this.hash.copy());
  }
}

/** Hashers for Node, Bun, Deno and workerd (with `nodejs_compat`): node:crypto where it has the algorithm, the pure core otherwise. */
export const nodeHashers: HasherFactory = {
  create(algorithm) {
    const name = NODE_NAMES[algorithm];
    return name ? new NodeHasher(algorithm, createHash(name)) : pureHashers.create(algorithm);
  },
};
