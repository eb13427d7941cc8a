import type { SessionState, UploadSession } from '../session/session';

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
}
