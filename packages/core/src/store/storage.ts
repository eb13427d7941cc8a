import type { BlobStore } from './blob-store';
import type { FileCatalog } from './file-catalog';
import type { SessionStore } from './session-store';

/** Everything a back end provides. */
export interface Storage {
  readonly blobs: BlobStore;
  readonly sessions: SessionStore;
  readonly files: FileCatalog;
  /** Releases resources (file handles, connections). */
  close?(): Promise<void>;
}
