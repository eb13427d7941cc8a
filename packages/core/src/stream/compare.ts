import type { ByteSource } from '../store/blob-store';
import { bytesEqual, chunksOf } from './bytes';
import { ExactReader } from './exact-reader';

/**
 * True when `body` carries exactly `length` bytes equal to the first `length` bytes of `stored`.
 * Streams both sides (for checking a retried write against bytes already kept); a body that
 * breaks off or runs long is simply "not the same".
 */
export async function sameBytes(body: ByteSource, stored: ReadableStream<Uint8Array>, length: number): Promise<boolean> {
  const reader = new ExactReader(stored);
  let seen = 0;
  try {
    for await (const chunk of chunksOf(body)) {
      if (seen + chunk.length > length) return false;
      if (!bytesEqual(chunk, await reader.read(chunk.length))) return false;
      seen += chunk.length;
    }
    return seen === length;
  } catch {
    return false;
  } finally {
    await reader.close();
  }
}
