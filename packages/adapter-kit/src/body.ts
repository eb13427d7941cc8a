import { type ByteSource, type Reads, readsOf } from '@rangeway/core';
import type { Context } from 'hono';

const EMPTY = new Uint8Array(0);

/**
 * A cheaper body a host may hand over in its bindings (`c.env.rangewayBody`) for the request it
 * passed in: the Node entry hands over the IncomingMessage's own chunks, where `request.body`
 * would copy every one and pass it through a web stream. Honoured only while `c.req.raw` is still
 * that request, so middleware that swaps the request (fault injection) is respected. `source()`
 * must return the same source every call; an iterable one must go on from where an earlier
 * consumer stopped reading, and stop its producer when its iterator's return() is called.
 */
export type HostBody = { readonly request: Request; source(): ByteSource | null };

function hostBody(c: Context): ByteSource | null | undefined {
  const host = (c.env as { rangewayBody?: HostBody } | undefined)?.rangewayBody;
  return host && host.request === c.req.raw ? host.source() : undefined;
}

/** The request body (an empty one when there is none), for the engine; never buffered. */
export function bodySource(c: Context): ByteSource {
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

/** Reads of the body, or undefined when a stream body is being read already (it is locked). */
function readsOfBody(c: Context): Reads | undefined {
  const source = bodySource(c);
  return source instanceof ReadableStream && source.locked ? undefined : readsOf(source);
}

/**
 * The body's chunks. Abandoned mid-way, reading just stops, without cancelling, so the rest can
 * still be drained and the client reads the error answer instead of a broken pipe.
 */
export async function* bodyChunks(c: Context): AsyncGenerator<Uint8Array> {
  const reads = readsOfBody(c);
  if (!reads) throw new TypeError('the request body is being read already');
  try {
    for (;;) {
      const r = await reads.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reads.release();
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
  const reads = readsOfBody(c);
  if (!reads) return false;
  let n = 0;
  try {
    for (;;) {
      const r = await reads.read();
      if (r.done) return true;
      n += r.value.length;
      if (n > limit) {
        await reads.cancel();
        return false;
      }
    }
  } finally {
    reads.release();
  }
}
