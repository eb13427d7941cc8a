import type { Context } from 'hono';

const EMPTY = new Uint8Array(0);

/**
 * A cheaper body a host may hand over in its bindings (`c.env.rangewayBody`) for the request it
 * passed in: the Node entry streams the IncomingMessage itself, where `request.body` would copy
 * every chunk. Honoured only while `c.req.raw` is still that request, so middleware that swaps
 * the request (fault injection) is respected. `stream()` must return the same stream every call.
 */
export type HostBody = { readonly request: Request; stream(): ReadableStream<Uint8Array> | null };

function hostBody(c: Context): ReadableStream<Uint8Array> | null | undefined {
  const host = (c.env as { rangewayBody?: HostBody } | undefined)?.rangewayBody;
  return host && host.request === c.req.raw ? host.stream() : undefined;
}

/** The request body as a stream (an empty one when there is none); never buffered. */
export function bodyStream(c: Context): ReadableStream<Uint8Array> {
  const host = hostBody(c);
  return (
    (host === undefined ? c.req.raw.body : host) ??
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(EMPTY);
        controller.close();
      },
    })
  );
}

/**
 * The body's chunks. Abandoned mid-way, the reader lock is released without cancelling, so the
 * rest can still be drained and the client reads the error answer instead of a broken pipe.
 */
export async function* bodyChunks(c: Context): AsyncGenerator<Uint8Array> {
  const reader = bodyStream(c).getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
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
  const body = bodyStream(c);
  if (body.locked) return false;
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
