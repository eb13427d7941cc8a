import type { Interval } from '../range/interval';

/** Names of the digests the core can compute. */
export type DigestAlgorithm = 'sha1' | 'sha256' | 'md5' | 'adler32' | 'crc32c';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = Object.freeze(['sha1', 'sha256', 'md5', 'adler32', 'crc32c']);

/** Output length in bytes of each algorithm's digest(). */
export const DIGEST_LENGTHS: Readonly<Record<DigestAlgorithm, number>> = Object.freeze({
  sha1: 20,
  sha256: 32,
  md5: 16,
  adler32: 4,
  crc32c: 4,
});

export function isDigestAlgorithm(value: unknown): value is DigestAlgorithm {
  return typeof value === 'string' && (DIGEST_ALGORITHMS as readonly string[]).includes(value);
}

/** A streaming digest computation. */
export interface Hasher {
  readonly algorithm: DigestAlgorithm;
  /** May be called any number of times; the chunk is only read, never kept. */
  update(chunk: Uint8Array): void;
  /** Final value; the hasher must not be used afterwards. */
  digest(): Uint8Array;
  /**
   * Optional: the final value without blocking the calling thread (a hasher working on another
   * thread delivers it once it gets there). Otherwise as digest().
   */
  digestAsync?(): Promise<Uint8Array>;
  /** Independent copy of the current state (needed to hash speculatively). */
  clone(): Hasher;
  /**
   * Optional: feeds bytes [range.start, range.end) of a file on this machine, read where the
   * hasher runs, so stored bytes are hashed without passing through the caller's thread. Rejects
   * if the file is shorter. The hasher must not be used again until the promise settles.
   */
  updateFromFile?(path: string, range: Interval): Promise<void>;
  /**
   * Optional: feeds `count` zero bytes made where the hasher runs (padding, holes), so they never
   * cross the caller's thread. As update() with that many zeros otherwise.
   */
  updateZeros?(count: number): void;
  /**
   * Optional, for a hasher that queues work (on another thread): a promise while it holds more
   * than it wants, undefined when it can take more now. Whoever feeds a body waits for it before
   * the next chunk, so update() never has to block the caller's thread.
   */
  ready?(): Promise<void> | undefined;
}

/** The final value of `h`, without blocking where the hasher allows it. */
export function finalDigest(h: Hasher): Promise<Uint8Array> {
  return h.digestAsync ? h.digestAsync() : Promise.resolve(h.digest());
}

/** A hasher whose in-progress state can be persisted (e.g. across a restart) and restored. */
export interface PersistableHasher extends Hasher {
  exportState(): Uint8Array;
}

export function isPersistable(h: Hasher): h is PersistableHasher {
  return typeof (h as Partial<PersistableHasher>).exportState === 'function';
}

/** A source of hashers; core ships a pure one, the gateway may inject a node:crypto one. */
export interface HasherFactory {
  create(algorithm: DigestAlgorithm): Hasher;
  /** Rebuilds a hasher from exportState() output; absent when the factory's hashers cannot persist. */
  restore?(state: Uint8Array): Hasher;
}
