/**
 * A running whole-file digest saved where every process sharing the storage can pick it up:
 * the exported state of a hasher that has seen bytes [0, offset) of the upload, valid while the
 * upload has seen `rewrites` rewrites (an overwrite of stored bytes makes older ones stale).
 */
export type DigestCheckpoint = {
  readonly offset: number;
  readonly rewrites: number;
  readonly state: Uint8Array;
};

/**
 * Optional storage capability for stores several processes share: with it, a whole-file digest
 * follows an upload whose pieces land on different instances, so the commit need not read the
 * file back. Saves only move forward: a checkpoint replaces the saved one when it has seen more
 * rewrites, or as many and more bytes; so racing savers settle on the furthest valid state.
 */
export interface DigestCheckpoints {
  get(uploadId: string, digest: string): Promise<DigestCheckpoint | undefined>;
  save(uploadId: string, digest: string, checkpoint: DigestCheckpoint): Promise<void>;
  /** Forgets every checkpoint of the upload. */
  drop(uploadId: string): Promise<void>;
}

/** True when `next` should replace `saved` (see DigestCheckpoints). */
export function supersedes(next: DigestCheckpoint, saved: DigestCheckpoint | undefined): boolean {
  if (!saved) return true;
  return next.rewrites > saved.rewrites || (next.rewrites === saved.rewrites && next.offset > saved.offset);
}

/** Checkpoints in this process's memory: for tests that stand two engines on one storage. */
export class MemoryDigestCheckpoints implements DigestCheckpoints {
  private readonly saved = new Map<string, Map<string, DigestCheckpoint>>();

  async get(uploadId: string, digest: string): Promise<DigestCheckpoint | undefined> {
    const cp = this.saved.get(uploadId)?.get(digest);
    return cp && { ...cp, state: cp.state.slice() };
  }

  async save(uploadId: string, digest: string, checkpoint: DigestCheckpoint): Promise<void> {
    let m = this.saved.get(uploadId);
    if (!m) this.saved.set(uploadId, (m = new Map()));
    if (supersedes(checkpoint, m.get(digest))) m.set(digest, { ...checkpoint, state: checkpoint.state.slice() });
  }

  async drop(uploadId: string): Promise<void> {
    this.saved.delete(uploadId);
  }
}
