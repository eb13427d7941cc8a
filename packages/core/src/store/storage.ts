import type { BlobStore } from './blob-store';
import type { DigestCheckpoints } from './digest-checkpoints';
import type { FileCatalog } from './file-catalog';
import type { Leases } from './leases';
import type { LoggedWrites } from './logged-writes';
import type { SessionStore } from './session-store';

/** Everything a back end provides. */
export interface Storage {
  readonly blobs: BlobStore;
  readonly sessions: SessionStore;
  readonly files: FileCatalog;
  /** Optional capability: leases other processes see. Without it, leases are per process. */
  readonly leases?: Leases;
  /**
   * Optional capability: running digests other processes can resume. With it, the engine tracks
   * whole-file digests with hashers whose state can be exported (core's pure ones).
   */
  readonly checkpoints?: DigestCheckpoints;
  /** Optional capability: small writes recorded with their bytes in one durable step. */
  readonly loggedWrites?: LoggedWrites;
  /**
   * Optional capability: housekeeping the sweeper runs now and then (deferred deletes, orphaned
   * objects). Resolves with how many stored objects it removed.
   */
  collect?(): Promise<number>;
  /** Releases resources (file handles, connections). */
  close?(): Promise<void>;
}
