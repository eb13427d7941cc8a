/**
 * How hard the store works to survive power loss, not just a crashed process (a killed process
 * loses nothing under any policy: bytes handed to the kernel survive it, session changes are
 * appended to a journal whose unfinished last line is cut off at open, and other state files are
 * replaced by atomic rename).
 *
 * - `always` (default): blob bytes are fsynced before `write()` resolves, so a range the engine
 *   records is on stable storage; a session change is appended to its journal and fdatasynced
 *   (a small write's bytes with it, in the same fdatasync: see SessionJournal);
 *   snapshots and catalog files are fsynced, and so is their directory after each rename. Survives power loss and kernel crashes with nothing acknowledged lost.
 * - `batch`: blob bytes are still fsynced before `write()` resolves (a recorded range is always
 *   durable), and catalog entries (committed files) are still fully synced, but session changes
 *   are appended (snapshots renamed into place) without fsync. After a power loss a session may
 *   roll back to an earlier state (claiming fewer bytes: clients resend them), never forward.
 *   Saves one fdatasync per write.
 * - `never`: no fsync at all. Fastest; fine for tests, CI and scratch gateways. A power loss can
 *   lose recent bytes, and state may then claim bytes that never reached the disk.
 */
export type FsyncPolicy = 'always' | 'batch' | 'never';

export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'batch', 'never'];

export type SyncNeeds = {
  /** fsync blob data before write()/truncate()/rename() resolve */
  readonly blobs: boolean;
  /** fsync session state files and their directory */
  readonly sessions: boolean;
  /** fsync catalog entries and their directory */
  readonly catalog: boolean;
};

export function syncNeeds(policy: FsyncPolicy): SyncNeeds {
  if (!FSYNC_POLICIES.includes(policy)) throw new TypeError(`unknown fsync policy ${String(policy)}`);
  switch (policy) {
    case 'always':
      return { blobs: true, sessions: true, catalog: true };
    case 'batch':
      return { blobs: true, sessions: false, catalog: true };
    case 'never':
      return { blobs: false, sessions: false, catalog: false };
  }
}
