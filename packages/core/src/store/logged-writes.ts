import type { UploadSession } from '../session/session';
import type { Lease } from './leases';
import type { SessionChange } from './session-store';

/** New bytes for a blob, written in one step with the session change that records them. */
export type LoggedBytes = {
  readonly blobKey: string;
  readonly offset: number;
  readonly bytes: Uint8Array;
};

/**
 * Optional capability: a small write recorded as one durable step with its bytes, the way a
 * write-ahead log does it (the store appends the bytes to the session's change and flushes once,
 * instead of flushing the blob and then the change). For a store whose every durable step costs
 * a flush, this halves the cost of the small requests that chunked clients send by thousands.
 *
 * The engine hands over a write of at most `maxBytes` new bytes that lands in a hole (nothing
 * stored there, so no reader is affected until the change is visible), after it has read and
 * verified the whole body.
 */
export interface LoggedWrites {
  readonly maxBytes: number;
  /**
   * As `SessionStore.modify`, and `write`'s bytes are at their place in the blob when it
   * resolves, durable together with the change. When `change` throws or the store refuses, the
   * bytes never become readable and the session is unchanged.
   */
  modify(id: string, change: SessionChange, write: LoggedBytes, fence?: Lease): Promise<UploadSession>;
}
