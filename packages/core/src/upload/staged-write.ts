import type { Interval } from '../range/interval';
import type { IntervalSet } from '../range/interval-set';
import { zeroChunks } from '../stream/bytes';
import type { Uploads } from './uploads';

/**
 * Bytes of a write that is not recorded yet. Until the record, a refused write must leave no
 * trace a reader could see: `discard` undoes it; `apply` (staged writes only) makes it visible.
 */
export type PlacedBytes = {
  /** true when the bytes wait in a side blob because they replace stored bytes */
  readonly staged: boolean;
  apply(): Promise<void>;
  discard(): Promise<void>;
};

/**
 * Streams `body` (the bytes of `span`) into storage. Bytes that fill holes go straight to their
 * place: a refused write there is scrubbed back to zeros. Bytes that would replace stored ones
 * go to a side blob first and are copied in only once verified, so a write that breaks off
 * half-way never corrupts what clients were told is stored.
 */
export async function placeBytes(
  u: Uploads,
  blobKey: string,
  span: Interval,
  received: IntervalSet,
  token: string,
  body: AsyncIterable<Uint8Array>,
): Promise<PlacedBytes> {
  const { blobs } = u.storage;
  if (span.start === span.end) {
    for await (const _ of body); // nothing new to write: only compare and hash
    return { staged: false, apply: async () => undefined, discard: async () => undefined };
  }
  const length = span.end - span.start;
  let passed = 0;
  async function* counted() {
    for await (const chunk of body) {
      passed += chunk.length;
      yield chunk;
    }
  }
  const scrub = async () => {
    if (passed > 0) await blobs.write(blobKey, span.start, zeroChunks(passed), passed);
  };
  if (!received.overlaps(span)) {
    try {
      await blobs.write(blobKey, span.start, counted(), length);
    } catch (e) {
      await scrub().catch(() => undefined);
      throw e;
    }
    return { staged: false, apply: async () => undefined, discard: scrub };
  }
  const side = `${blobKey}.w-${token.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  try {
    await blobs.write(side, 0, counted(), length);
  } catch (e) {
    await blobs.delete(side).catch(() => undefined);
    throw e;
  }
  return {
    staged: true,
    apply: async () => {
      await blobs.write(blobKey, span.start, await blobs.read(side), length);
      await blobs.delete(side);
    },
    discard: () => blobs.delete(side),
  };
}
