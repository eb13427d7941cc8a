import { MultipartError, MultipartReader } from '@rangeway/adapter-kit';

export { MultipartError, boundaryOf } from '@rangeway/adapter-kit';

/** What is read and dropped after the field, so the connection stays usable. */
const TRAILER_LIMIT = 64 * 1024;

/**
 * Yields the content of the first part called `field`, streamed; throws MultipartError if there
 * is none. The rest of the body is read and dropped (up to a bound).
 */
export async function* multipartField(body: AsyncIterable<Uint8Array>, boundary: string, field: string): AsyncGenerator<Uint8Array> {
  const reader = new MultipartReader(body, boundary);
  try {
    for (let part = await reader.next(); part; part = await reader.next()) {
      if (part.name !== field) continue;
      yield* reader.content();
      await reader.drain(TRAILER_LIMIT);
      return;
    }
    throw new MultipartError(`no form field named ${field}`);
  } finally {
    await reader.close(); // abandoned early, the body stays readable for the drain before an error answer
  }
}
