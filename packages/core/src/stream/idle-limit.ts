import type { ByteSource } from '../store/blob-store';
import { chunksOf } from './bytes';

/** One consumer's reads of a ByteSource, whichever kind it is. */
type Reads = {
  read(): Promise<IteratorResult<Uint8Array>>;
  /** ends a pending read (with `reason` where the source cannot) and tells the producer to stop */
  cancel(reason?: Error): Promise<void>;
  release(): void;
};

function streamReads(stream: ReadableStream<Uint8Array>): Reads {
  const reader = stream.getReader();
  return {
    read: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    cancel: (reason) => reader.cancel(reason),
    release: () => reader.releaseLock(),
  };
}

/**
 * Reads straight from the iterator: no web stream between a host's own body (the Node entry's
 * push-fed chunks) and the engine, which cost more per chunk than the rest of the path. An
 * iterator's return() need not end a next() already waiting (an async generator's does not),
 * so cancel rejects that read itself.
 */
function iteratorReads(iterable: AsyncIterable<Uint8Array>): Reads {
  const it = iterable[Symbol.asyncIterator]();
  let abandon: ((reason: Error) => void) | undefined;
  return {
    read: () =>
      new Promise((resolve, reject) => {
        abandon = reject;
        it.next().then(resolve, reject);
      }),
    cancel: async (reason) => {
      if (reason) abandon?.(reason);
      await it.return?.();
    },
    release: () => undefined,
  };
}

/**
 * `source` as chunks, failing with `stalled()` when the source gives nothing for `ms` while it is
 * being waited on (time the consumer spends on a chunk does not count). A stalled source is
 * cancelled, which ends the pending read, so the connection behind it can be let go. One timer
 * per `ms`, not one per chunk, and nothing is raced per chunk (a long-lived promise raced against
 * every read would keep a reaction per chunk alive).
 */
export async function* idleLimited(source: ByteSource, ms: number, stalled: () => Error): AsyncGenerator<Uint8Array> {
  if (!(ms > 0)) return yield* chunksOf(source);
  const reads = source instanceof ReadableStream ? streamReads(source) : iteratorReads(source);
  let waitingSince: number | undefined = Date.now();
  let failure: Error | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      const idle = waitingSince === undefined ? 0 : Date.now() - waitingSince;
      if (idle < ms) return arm(ms - idle);
      failure = stalled();
      void reads.cancel(failure).catch(() => undefined);
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  };
  arm(ms);
  let done = false;
  try {
    for (;;) {
      waitingSince = Date.now();
      const r = await reads.read().catch((e: unknown) => {
        throw failure ?? e;
      });
      waitingSince = undefined;
      if (failure) throw failure;
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    clearTimeout(timer);
    if (!done && !failure) await reads.cancel().catch(() => undefined);
    reads.release();
  }
}
