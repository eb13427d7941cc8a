import type { SessionState, UploadSession } from '../session/session';
import type { Lease } from './leases';

/**
 * A change to apply atomically to the stored session: resolves with the new session, or with
 * the same object to leave it as it is. Throwing leaves it unchanged and rejects `modify`.
 */
export type SessionChange = (current: UploadSession) => UploadSession;

export type SessionFilter = {
  readonly namespace?: string;
  readonly states?: readonly SessionState[];
};

/**
 * Upload-session state. Updates are compare-and-set on `version`, so two requests updating the
 * same session concurrently can never silently lose one another's writes.
 */
export interface SessionStore {
  get(id: string): Promise<UploadSession | undefined>;
  /** The session holding `key` in `namespace`, if any. */
  getByKey(namespace: string, key: string): Promise<UploadSession | undefined>;
  /**
   * Stores a new session (its `version` is ignored and set to 1). Rejects with AlreadyExistsError
   * if the id, or the (namespace, key) pair, is taken.
   */
  create(session: UploadSession): Promise<UploadSession>;
  /**
   * Replaces the session if the stored version equals `session.version`; resolves with the stored
   * copy (version + 1). Rejects with BusyError on a version clash, NotFoundError if absent.
   */
  update(session: UploadSession): Promise<UploadSession>;
  /** Deletes; with `version`, only if it still matches (BusyError otherwise). True if it existed. */
  delete(id: string, version?: number): Promise<boolean>;
  list(filter?: SessionFilter): AsyncIterable<UploadSession>;
  /**
   * Optional capability: applies `change` to the current session as one atomic step (no version
   * clash is possible: the store serializes changes to one session, e.g. a row lock), and
   * resolves with the stored result (version + 1 when it changed). NotFoundError if absent.
   * With `fence`, a store shared by several processes first checks that the lease is still
   * held (BusyError otherwise), so a write whose lease was lost records nothing. Without it
   * the engine serializes changes in-process and uses `update`.
   */
  modify?(id: string, change: SessionChange, fence?: Lease): Promise<UploadSession>;
  /**
   * Optional capability: up to `limit` sessions due for expiry at `now`, each claimed so that no
   * other caller of claimDue is handed it again before the claim lapses (several sweepers never
   * handle one session twice). Without it the engine filters `list()`.
   */
  claimDue?(now: number, limit: number): Promise<readonly UploadSession[]>;
  /**
   * Optional capability: how many sessions `list(filter)` would yield, without reading them (a
   * metrics scrape counts the open ones every few seconds). Without it countSessions lists them.
   */
  count?(filter?: SessionFilter): Promise<number>;
}

/** How many sessions `list(filter)` yields: asked of the store where it can count. */
export async function countSessions(sessions: SessionStore, filter?: SessionFilter): Promise<number> {
  if (sessions.count) return sessions.count(filter);
  let n = 0;
  for await (const _ of sessions.list(filter)) n++;
  return n;
}
