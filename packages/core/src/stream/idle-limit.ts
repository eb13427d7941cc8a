import type { ByteSource } from '../store/blob-store';
import { chunksOf } from './bytes';

/**
 * `source` as chunks, failing with `stalled()` when the source gives nothing for `ms` while it is
 * being waited on (time the consumer spends on a chunk does not count). A stalled stream is
 * cancelled, so the connection behind it can be let go. One timer per `ms`, not one per chunk.
 */
export async function* idleLimited(source: ByteSource, ms: number, stalled: () => Error): AsyncGenerator<Uint8Array> {
  if (!(ms > 0)) return yield* chunksOf(source);
  const reader = source instanceof ReadableStream ? source.getReader() : undefined;
  const it = reader ? undefined : (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let waitingSince: number | undefined = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fail!: (e: Error) => void;
  const watchdog = new Promise<never>((_, reject) => (fail = reject));
  watchdog.catch(() => undefined);
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      const idle = waitingSince === undefined ? 0 : Date.now() - waitingSince;
      if (idle < ms) return arm(ms - idle);
      const e = stalled();
      fail(e);
      void reader?.cancel(e).catch(() => undefined);
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  };
  arm(ms);
  let done = false;
  try {
    for (;;) {
      waitingSince = Date.now();
      const r = await Promise.race([reader ? reader.read() : it!.next(), watchdog]);
      waitingSince = undefined;
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    clearTimeout(timer);
    if (reader) {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    } else if (!done) void it!.return?.();
  }
}
