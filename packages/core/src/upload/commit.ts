import type { DigestAlgorithm } from '../digest/hasher';
import { toHex } from '../digest/encoding';
import type { TrackedDigest } from '../digest/tracked';
import { DigestMismatchError, IllegalStateError, IncompleteError, RangeConflictError } from '../errors';
import { type HexDigests, type UploadSession, receivedOf, transition } from '../session/session';
import type { FileRecord } from '../store/file-catalog';
import { WHOLE } from '../store/leases';
import { bytesEqual } from '../stream/bytes';
import type { CommitInput, CommitResult } from './types';
import type { Uploads } from './uploads';

export const fileBlobKey = (id: string) => `files/${id}`;

/**
 * Whole-file digest of a fully received upload; no write may be in flight. With `size`, the
 * digest covers exactly that many stored bytes, missing ranges reading as zeros (for protocols
 * that check whatever was written, holes included).
 */
export async function digestOf(u: Uploads, session: UploadSession, alg: TrackedDigest, size?: number): Promise<Uint8Array> {
  const total = size ?? session.total;
  const { blobs } = u.storage;
  if (size === undefined && (total === undefined || !receivedOf(session).isComplete(total)))
    throw new IncompleteError(`upload ${session.id} is not complete`, receivedOf(session).missing(total ?? 0));
  if (size !== undefined && (await blobs.size(session.blobKey)) !== size) await blobs.truncate(session.blobKey, size);
  u.prefix.sync(session.id, session.rewrites ?? 0);
  return u.prefix.digest(session.id, alg, total!, { parts: session.parts, blobs, blobKey: session.blobKey, received: receivedOf(session) });
}

/**
 * Verifies and commits a fully received upload into the file catalog. Holds a lease on the whole
 * upload, so no write can slip in between the checks and the rename.
 */
export async function commit(u: Uploads, id: string, input: CommitInput): Promise<CommitResult> {
  const lease = await u.leases.acquire(id, WHOLE);
  try {
    let session = await u.requireActive(id);
    if (session.state === 'committed') throw new IllegalStateError(`upload ${id} is already committed`, 'committed');
    const resumedFileId = session.state === 'complete' ? session.fileId : undefined;
    if (resumedFileId !== undefined) {
      const finished = await resumeCommit(u, session, resumedFileId);
      if (finished) return finished;
    }
    const total = input.size ?? session.total;
    const received = receivedOf(session);
    if (input.size === undefined && (total === undefined || !received.isComplete(total)))
      throw new IncompleteError(`upload ${id} is missing bytes`, received.missing(total ?? received.highWater + 1));
    if (total === undefined) throw new IncompleteError(`upload ${id} has no size`, []);

    const algs = new Set<DigestAlgorithm>([...(input.digests ?? []), ...(input.expect ?? []).map((e) => e.algorithm)]);
    const values = new Map<DigestAlgorithm, Uint8Array>();
    for (const alg of algs) values.set(alg, await digestOf(u, session, alg, input.size));
    for (const e of input.expect ?? []) {
      const actual = values.get(e.algorithm)!;
      if (!bytesEqual(actual, e.value)) {
        u.emit({ type: 'digest-mismatch', namespace: session.namespace });
        throw new DigestMismatchError(`${e.algorithm} digest of the file does not match`, e.algorithm, e.value, actual);
      }
    }
    const { blobs, files } = u.storage;
    const existing = await files.get(session.namespace, input.name);
    await input.precondition?.(session, existing);
    // a new version under a new name replaces the record that holds its id
    const previous = input.fileId === undefined ? undefined : await files.getById(input.fileId);

    const digests: HexDigests = { ...session.digests };
    for (const [alg, v] of values) digests[alg] = toHex(v);
    const fileId = resumedFileId ?? input.fileId ?? u.ids.id();
    const now = u.clock.now();
    // the blob size must equal the total: a longer blob (overwrites past the end) is cut back
    if ((await blobs.size(session.blobKey)) !== total) await blobs.truncate(session.blobKey, total);
    // the file id is recorded before the bytes move, so an interrupted commit can be resumed
    session = await u.composed.modify(id, (cur) => ({ ...transition(cur, 'complete', now), total, digests, fileId }));
    const file: FileRecord = {
      namespace: session.namespace,
      name: input.name,
      id: fileId,
      blobKey: fileBlobKey(fileId),
      size: total,
      digests,
      createdAt: existing?.createdAt ?? now,
      modifiedAt: now,
      meta: input.meta ?? {},
    };
    const completed = session;
    try {
      await blobs.rename(session.blobKey, file.blobKey);
      await files.put(file);
      for (const old of new Set([existing?.blobKey, previous?.blobKey]))
        if (old !== undefined && old !== file.blobKey) await blobs.delete(old);
      session = await u.composed.modify(id, (cur) => ({ ...transition(cur, 'committed', now), fileId }));
    } catch (e) {
      // a failing disk: leave the upload committed or open, never stuck half-way
      await settleInterruptedCommit(u, completed).catch(() => undefined);
      throw e;
    }
    u.prefix.drop(id);
    u.emit({ type: 'committed', namespace: session.namespace, bytes: total });
    return { session, file };
  } finally {
    await lease.release();
  }
}

/**
 * A commit that stopped part-way (a crash, a failing disk) left the session `complete` with its
 * file id. If the catalog already holds that file, only the session's last step is missing;
 * if the bytes were moved but not catalogued, they move back so the commit runs again in full.
 */
async function resumeCommit(u: Uploads, session: UploadSession, fileId: string): Promise<CommitResult | undefined> {
  const { blobs, files } = u.storage;
  const file = await files.getById(fileId);
  const same =
    file?.namespace === session.namespace &&
    file.size === session.total &&
    JSON.stringify(file.digests) === JSON.stringify(session.digests);
  if (file && same && (await blobs.size(session.blobKey)) === undefined) {
    const done = await u.composed.modify(session.id, (cur) => ({ ...transition(cur, 'committed', u.clock.now()), fileId }));
    u.prefix.drop(session.id);
    return { session: done, file };
  }
  if ((await blobs.size(session.blobKey)) === undefined && (await blobs.size(fileBlobKey(fileId))) !== undefined)
    await blobs.rename(fileBlobKey(fileId), session.blobKey);
  return undefined;
}

/**
 * Settles every commit a crash interrupted (sessions left `complete`): see
 * settleInterruptedCommit. A commit whose lease another live process holds is in flight, not
 * interrupted, and is left alone. Resolves with how many sessions it settled.
 */
export async function recoverInterruptedCommits(u: Uploads): Promise<number> {
  let settled = 0;
  for await (const s of u.storage.sessions.list({ states: ['complete'] })) if (await settleIfInterrupted(u, s.id)) settled++;
  return settled;
}

/**
 * Settles one `complete` session if its commit was interrupted: nobody holds its lease (with
 * several instances, the one that died mid-commit lost it once it stopped heart-beating). True
 * when it was settled; false when a commit is still in flight or it moved on meanwhile.
 */
export async function settleIfInterrupted(u: Uploads, id: string): Promise<boolean> {
  let lease;
  try {
    lease = await u.leases.acquire(id, WHOLE);
  } catch (e) {
    if (e instanceof RangeConflictError) return false;
    throw e;
  }
  try {
    const cur = await u.storage.sessions.get(id);
    if (cur?.state !== 'complete') return false;
    await settleInterruptedCommit(u, cur);
    return true;
  } finally {
    await lease.release();
  }
}

/**
 * A `complete` session whose commit stopped: committed if its file reached the catalog, else
 * back to `open` with every byte (moved back from the file key if needed), so the client's
 * retried final request commits it through its dialect as usual.
 */
async function settleInterruptedCommit(u: Uploads, s: UploadSession): Promise<UploadSession> {
  const finished = s.fileId === undefined ? undefined : await resumeCommit(u, s, s.fileId);
  if (finished) return finished.session;
  return u.composed.modify(s.id, (cur) => {
    const { fileId: _dropped, ...rest } = transition(cur, 'open', u.clock.now());
    return rest;
  });
}
