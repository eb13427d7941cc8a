import type { ByteSource } from '../store/blob-store';
import { chunksOf } from './bytes';
import { readsOf } from './reads';

/**
 * `source` as chunks, failing with `stalled()` when the source gives nothing for `ms` while it is
 * being waited on (time the consumer spends on a chunk does not count). A stalled source is
 * cancelled, which ends the pending read, so the connection behind it can be let go. One timer
 * per `ms`, not one per chunk, and nothing is raced per chunk (a long-lived promise raced against
 * every read would keep a reaction per chunk alive).
 */
export async function* idleLimited(source: ByteSource, ms: number, stalled: () => Error): AsyncGenerator<Uint8Array> {
  if (!(ms > 0)) return yield* chunksOf(source);
  const reads = readsOf(source);
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
      const r = await reads.read(); // a stall ends it: done (a stream) or rejected with the failure (an iterator)
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
