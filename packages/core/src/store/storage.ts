import type { BlobStore } from './blob-store';
import type { FileCatalog } from './file-catalog';
import type { Leases } from './leases';
import type { SessionStore } from './session-store';

/** Everything a back end provides. */
export interface Storage {
  readonly blobs: BlobStore;
  readonly sessions: SessionStore;
  readonly files: FileCatalog;
  /** Optional capability: leases other processes see. Without it, leases are per process. */
  readonly leases?: Leases;
  /** Releases resources (file handles, connections). */
  close?(): Promise<void>;
}
