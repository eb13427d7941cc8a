import { LengthMismatchError, RangeConflictError, isRangewayError } from '../errors';
import type { BlobStore, ByteSource } from '../store/blob-store';
import { bytesEqual, chunksOf } from '../stream/bytes';
import { ExactReader } from '../stream/exact-reader';

export type CheckedBodyInput = {
  readonly blobs: BlobStore;
  readonly blobKey: string;
  readonly start: number;
  readonly end: number;
  /** bytes before this offset are already stored and are compared instead of written */
  readonly writeFrom: number;
  readonly body: ByteSource;
  /** everything that sees each body chunk as it arrives (hashers, progress); see Hasher.ready */
  readonly feeders: readonly { update(chunk: Uint8Array): void; ready?(): Promise<void> | undefined }[];
};

/**
 * The request body as exactly `end - start` checked bytes: feeds the hashers, compares the part
 * that is already stored, and yields only the bytes from `writeFrom` on.
 */
export async function* checkedBody(input: CheckedBodyInput): AsyncGenerator<Uint8Array> {
  const { start, end, writeFrom, feeders } = input;
  const expected = end - start;
  const stored = writeFrom > start ? new ExactReader(await input.blobs.read(input.blobKey, { start, end: writeFrom })) : undefined;
  let seen = 0;
  try {
    for await (const chunk of bodyChunks(input.body, expected)) {
      if (seen + chunk.length > expected)
        throw new LengthMismatchError(`body is longer than the ${expected} bytes declared`, expected, seen + chunk.length);
      for (const h of feeders) h.update(chunk);
      // a hasher behind on its own thread: the next chunk waits (the event loop does not)
      for (const h of feeders) {
        const behind = h.ready?.();
        if (behind) await behind;
      }
      const pos = start + seen;
      seen += chunk.length;
      const cmpLen = Math.max(0, Math.min(writeFrom - pos, chunk.length));
      if (cmpLen > 0 && stored && !bytesEqual(chunk.subarray(0, cmpLen), await stored.read(cmpLen))) {
        throw new RangeConflictError('bytes differ from those already stored', { start, end: writeFrom });
      }
      if (cmpLen < chunk.length) yield chunk.subarray(cmpLen);
    }
  } finally {
    await stored?.close();
  }
  if (seen < expected) throw new LengthMismatchError(`body has ${seen} of the ${expected} bytes declared`, expected, seen);
}

/** Body chunks, with transport failures (client gone) reported as a short body. */
async function* bodyChunks(body: ByteSource, expected: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  try {
    for await (const chunk of chunksOf(body)) {
      seen += chunk.length;
      yield chunk;
    }
  } catch (e) {
    if (isRangewayError(e)) throw e;
    throw new LengthMismatchError(`request body broke off after ${seen} of ${expected} bytes`, expected, seen);
  }
}
