import type { SessionState, UploadSession } from '../session/session';

/**
 * A session a store can name before reading it whole: what SessionIndex looks up and filters by,
 * and how to read the rest, on first use. A store that loads thousands of sessions at start (the
 * fs store's start index) publishes these, so the start parses only the few fields each needs.
 */
export interface SessionStub {
  readonly id: string;
  readonly namespace: string;
  readonly key?: string;
  readonly state: SessionState;
  readonly expiresAt?: number;
  /** the session whole; called once, when it is first asked for */
  read(): UploadSession;
}

export function isSessionStub(v: UploadSession | SessionStub): v is SessionStub {
  return typeof (v as Partial<SessionStub>).read === 'function';
}
