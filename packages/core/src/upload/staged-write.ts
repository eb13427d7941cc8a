import type { Interval } from '../range/interval';
import type { IntervalSet } from '../range/interval-set';
import type { LoggedBytes } from '../store/logged-writes';
import { zeroChunks } from '../stream/bytes';
import type { Uploads } from './uploads';

/**
 * Bytes of a write that is not recorded yet. Until the record, a refused write must leave no
 * trace a reader could see: `discard` undoes it; `apply` (staged writes only) makes it visible.
 */
export type PlacedBytes = {
  /** true when the bytes wait in a side blob because they replace stored bytes */
  readonly staged: boolean;
  /** bytes not written yet: the store writes them with the record (see LoggedWrites) */
  readonly logged?: LoggedBytes;
  apply(): Promise<void>;
  discard(): Promise<void>;
};

/**
 * Streams `body` (the bytes of `span`) into storage. Bytes that fill holes go straight to their
 * place: a refused write there is scrubbed back to zeros. Bytes that would replace stored ones
 * go to a side blob first and are copied in only once verified, so a write that breaks off
 * half-way never corrupts what clients were told is stored. A small write into a hole, on a
 * store with LoggedWrites, is only read here (its length is bounded) and written with its record.
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
    return { staged: false, apply: nothing, discard: nothing };
  }
  const length = span.end - span.start;
  const logged = u.storage.loggedWrites;
  if (logged && length <= logged.maxBytes && !received.overlaps(span)) {
    const bytes = await gather(body, length);
    return { staged: false, logged: { blobKey, offset: span.start, bytes }, apply: nothing, discard: nothing };
  }
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

const nothing = async (): Promise<void> => undefined;

/** The body's `length` bytes in one buffer (a copy: a client in the same process may reuse its chunks). */
async function gather(body: AsyncIterable<Uint8Array>, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let at = 0;
  for await (const chunk of body) {
    out.set(chunk, at); // checkedBody yields exactly `length` bytes: this never runs past the end
    at += chunk.length;
  }
  return out;
}
