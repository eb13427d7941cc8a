import type { Context } from 'hono';

const EMPTY = new Uint8Array(0);

/** The request body as a stream (an empty one when there is none); never buffered. */
export function bodyStream(c: Context): ReadableStream<Uint8Array> {
  return (
    c.req.raw.body ??
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(EMPTY);
        controller.close();
      },
    })
  );
}

/**
 * Content-Length as a number: undefined when absent (e.g. chunked transfer encoding),
 * NaN when present but not a plain decimal ≤ 2^53−1.
 */
export function contentLength(c: Context): number | undefined {
  const v = c.req.header('content-length');
  if (v === undefined) return undefined;
  return /^\d{1,16}$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : Number.NaN;
}

/** Reads and discards up to `limit` bytes of body, so a keep-alive connection stays usable. */
export async function drainBody(c: Context, limit = 64 * 1024): Promise<boolean> {
  const body = c.req.raw.body;
  if (!body) return true;
  const reader = body.getReader();
  let n = 0;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return true;
      n += r.value.length;
      if (n > limit) {
        await reader.cancel();
        return false;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
