import type { Storage } from '../store/storage';
import { collectBytes } from '../stream/bytes';

/** Deterministic, non-repeating-looking test data (xorshift32). */
export function testBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out[i] = x & 255;
  }
  return out;
}

/** The stored bytes of a committed file; throws if there is none. */
export async function storedFile(storage: Storage, namespace: string, name: string): Promise<Uint8Array> {
  const file = await storage.files.get(namespace, name);
  if (!file) throw new Error(`no ${namespace} file ${name}`);
  return collectBytes(await storage.blobs.read(file.blobKey));
}

/**
 * Counts the blob reads a storage serves from now on (to show a step re-read nothing).
 * Returns the running count.
 */
export function countBlobReads(storage: Storage): () => number {
  let reads = 0;
  const read = storage.blobs.read.bind(storage.blobs);
  storage.blobs.read = (...args) => {
    reads++;
    return read(...args);
  };
  return () => reads;
}
