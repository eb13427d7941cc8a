import type { ByteSource } from '../store/blob-store';

/** Iterates a ByteSource chunk by chunk, releasing the reader lock when done or abandoned. */
export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (!(source instanceof ReadableStream)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    // abandoned mid-way (consumer threw or broke out): cancel so the producer can stop
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Wraps an async iterable as a pull-based ReadableStream (no read-ahead beyond one chunk). */
export function streamOf(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      async cancel(reason) {
        await it.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

export function streamOfBytes(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

/** Reads everything into one array. For tests and small bodies only — callers must bound the size. */
export async function collectBytes(source: ByteSource, limit = Number.MAX_SAFE_INTEGER): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunksOf(source)) {
    n += c.length;
    if (n > limit) throw new RangeError(`body exceeds ${limit} bytes`);
    parts.push(c);
  }
  return concatBytes(parts, n);
}

export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  const out = new Uint8Array(total ?? parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `n` zero bytes as chunks of at most 64 KiB (each its own buffer: stores may keep them). */
export async function* zeroChunks(n: number): AsyncGenerator<Uint8Array> {
  yield* zeroPieces(n);
}

/** As zeroChunks, synchronously, in pieces of at most `size` bytes. */
export function* zeroPieces(n: number, size = 65536): Generator<Uint8Array> {
  for (let left = n; left > 0; left -= size) yield new Uint8Array(Math.min(left, size));
}
