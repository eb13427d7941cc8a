import type { Interval } from '../range/interval';

/** Bytes in, as either a Web stream or any async iterable of chunks. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Byte storage addressed by opaque keys (see `assertBlobKey`). Request data never reaches a key:
 * dialects use generated ids, so a back end can map keys to paths without traversal risk.
 */
export interface BlobStore {
  /**
   * Streams `source` into the blob at `offset`, creating the blob if needed and leaving holes
   * as zero bytes. Resolves with the number of bytes written once they are durable per the
   * store's policy; if the source fails part-way, bytes written so far may remain, and the
   * caller (which never records them) must treat them as garbage. `length`, when the caller
   * knows it, is exactly how many bytes the source yields (object stores need it up front).
   */
  write(key: string, offset: number, source: ByteSource, length?: number): Promise<number>;
  /** A stream of the bytes in `range` (default: all). Rejects with NotFoundError if absent. */
  read(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>>;
  /** Current size (highest written offset), or undefined when the blob does not exist. */
  size(key: string): Promise<number | undefined>;
  /** Shrinks or extends (with zeros) the blob to exactly `size` bytes. */
  truncate(key: string, size: number): Promise<void>;
  /** Atomically makes `from` available as `to` (replacing it) and removes `from`. */
  rename(from: string, to: string): Promise<void>;
  /** Removes the blob; absent blobs are not an error. */
  delete(key: string): Promise<void>;
  /** Keys under a prefix (for sweeping and inspection). */
  list(prefix: string): AsyncIterable<string>;
  /**
   * Optional, for stores whose blobs are plain local files: the file holding blob `key`, so a
   * hasher on another thread can read stored bytes itself (see Hasher.updateFromFile).
   */
  localFile?(key: string): string;
}

const KEY_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Keys are `/`-separated segments of [A-Za-z0-9._-], never `.`/`..`, at most 512 chars. */
export function assertBlobKey(key: string): void {
  if (key.length === 0 || key.length > 512) throw new TypeError(`invalid blob key length: ${key.length}`);
  for (const seg of key.split('/')) {
    if (!KEY_SEGMENT.test(seg) || seg === '.' || seg === '..') throw new TypeError(`invalid blob key: ${key}`);
  }
}
