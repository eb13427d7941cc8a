import type { UploadSession, Uploads } from '@rangeway/core';

export type Sweeper = { stop(): Promise<void> };

/**
 * Expires abandoned sessions in the background: every `intervalMs`, one `uploads.sweep` step
 * over the next `limit` sessions of a walk through the whole store, so each step is short and
 * a large store is still covered in full, round after round. The timer never keeps the process
 * alive; `stop()` waits for a step in progress.
 */
export function startSweeper(
  uploads: Uploads,
  options: { intervalMs: number; limit: number; onError?: (e: unknown) => void },
): Sweeper {
  let walk: AsyncIterator<UploadSession> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const step = async () => {
    walk ??= uploads.storage.sessions.list()[Symbol.asyncIterator]();
    try {
      const { visited } = await uploads.sweep(options.limit, walk);
      if (visited < options.limit) walk = undefined; // end of this round; the next step starts afresh
    } catch (e) {
      walk = undefined;
      (options.onError ?? ((x) => console.error('rangeway: expiry sweep failed', x)))(e);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = step().finally(() => {
        running = undefined;
        schedule();
      });
    }, options.intervalMs);
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
