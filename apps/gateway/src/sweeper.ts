import type { UploadSession, Uploads } from '@rangeway/core';

export type Sweeper = { stop(): Promise<void> };

/**
 * Expires abandoned sessions in the background: every `intervalMs`, one `uploads.sweep` step
 * (up to `limit` due sessions, and the next `limit` of a walk through the whole store for
 * purging), so each step is short and a large store is still covered in full; while steps find
 * full batches of due sessions they follow each other at once. The timer never keeps the process
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

  /** resolves with whether more sessions may be due right now (a full batch was expired) */
  const step = async (): Promise<boolean> => {
    walk ??= uploads.storage.sessions.list()[Symbol.asyncIterator]();
    try {
      const { visited, expired } = await uploads.sweep(options.limit, walk);
      await uploads.storage.collect?.(); // a shared store's deferred deletes and orphans
      if (visited < options.limit) walk = undefined; // end of this round; the next step starts afresh
      return expired >= options.limit;
    } catch (e) {
      walk = undefined;
      (options.onError ?? ((x) => console.error('rangeway: expiry sweep failed', x)))(e);
      return false;
    }
  };
  // a backlog is worked off step after step (each short, requests in between) instead of one
  // batch per interval, so expiry keeps pace with however fast abandoned sessions appear
  const schedule = (delay = options.intervalMs) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = step().then((more) => {
        running = undefined;
        schedule(more ? 0 : options.intervalMs);
      });
    }, delay);
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
