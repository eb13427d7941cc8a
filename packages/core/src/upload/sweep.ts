import { NotFoundError } from '../errors';
import type { UploadSession } from '../session/session';
import { settleIfInterrupted } from './commit';
import type { Uploads } from './uploads';

export type SweepResult = { readonly expired: number; readonly purged: number; readonly visited: number; readonly settled: number };

/**
 * One incremental sweep step: expires up to `limit` sessions that are due (claimed from the
 * store, so several sweepers never handle one twice), then purges terminal records past
 * retention among the next `limit` sessions of a walk through the store, and settles the commits
 * among them that a crash interrupted (another instance's, whose lease has lapsed, or a start-up
 * recovery that found it still leased). Committed files are
 * never touched: their bytes live under file keys, not session keys. Pass the same `sessions`
 * iterator on every step to walk the whole store a slice at a time (it is never closed here; a
 * step that visits fewer than `limit` sessions reached its end).
 */
export async function sweep(
  u: Uploads,
  limit: number,
  sessions: AsyncIterator<UploadSession>,
  retentionMs: number,
): Promise<SweepResult> {
  const now = u.clock.now();
  let expired = 0;
  let purged = 0;
  let visited = 0;
  let settled = 0;
  for (const s of await u.composed.claimDue(now, limit)) {
    if (await forgotten(() => u.expire(s))) continue;
    expired++;
  }
  while (visited < limit) {
    const next = await sessions.next();
    if (next.done) break;
    const s = next.value;
    visited++;
    const terminal = s.state === 'aborted' || s.state === 'expired' || s.state === 'committed';
    if (terminal && now - s.updatedAt > retentionMs && !(await forgotten(() => u.forget(s.id)))) purged++;
    if (s.state === 'complete' && (await settleIfInterrupted(u, s.id))) settled++;
  }
  return { expired, purged, visited, settled };
}

/** Runs `step`; true when the session was forgotten meanwhile (a long walk sees such sessions). */
async function forgotten(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return false;
  } catch (e) {
    if (e instanceof NotFoundError) return true;
    throw e;
  }
}
