import { AlreadyExistsError, type FileRecord, type UploadSession, type Uploads, receivedOf, toHex } from '@rangeway/core';
import { LAYOUT_ALGORITHM } from './checksum';
import type { ChecksumLayout } from './options';

export const NAMESPACE = 'eos';

/** What a path currently is: a file still being written (visible at once, holes as zeros) or a committed one. */
export type EosEntry =
  | { readonly kind: 'writing'; readonly session: UploadSession; readonly size: number; readonly blobKey: string }
  | { readonly kind: 'file'; readonly file: FileRecord; readonly size: number; readonly blobKey: string };

export type EosMeta = {
  readonly inode: string;
  readonly mtime: number;
  readonly layout: ChecksumLayout;
  /** the x-upload-totalsize the client last declared (shown by inspection; EOS itself sizes by what is written) */
  readonly declaredTotal?: number;
  /** id of the committed file whose bytes this session still has to take over (see carryOver) */
  readonly carryFrom?: string;
};

/**
 * What readers see at `path`: the committed file while there is one (a new version being written
 * stays invisible until it commits, so a reader never sees it half-made), else the file being
 * written for the first time.
 */
export async function findEntry(uploads: Uploads, path: string): Promise<EosEntry | undefined> {
  const file = await uploads.storage.files.get(NAMESPACE, path);
  if (file) return { kind: 'file', file, size: file.size, blobKey: file.blobKey };
  const s = await uploads.getByKey(NAMESPACE, path);
  if (s && s.state === 'open') {
    // the file's size is what clients were told is stored: bytes of a write still in flight,
    // or of one that was refused, do not count
    const size = receivedOf(s).highWater;
    return { kind: 'writing', session: s, size, blobKey: s.blobKey };
  }
  return undefined;
}

export function metaOf(entry: EosEntry): EosMeta {
  return (entry.kind === 'file' ? entry.file.meta : entry.session.meta) as EosMeta;
}

export function checksumOf(entry: EosEntry): string | undefined {
  if (entry.kind !== 'file') return undefined;
  const layout = metaOf(entry).layout;
  return layout === 'none' ? undefined : entry.file.digests[LAYOUT_ALGORITHM[layout]];
}

/** EOS's legacy inode: file id << 28, decimal. */
export function newInode(uploads: Uploads): string {
  const id = uploads.ids.bytes(3);
  const fid = BigInt(`0x${toHex(id)}`) + 1n;
  return (fid << 28n).toString();
}

/**
 * The open session that receives pieces for `path`. EOS never truncates: when a committed file
 * exists, the session names it (`carryFrom`) and takes its bytes over where no piece wrote, when
 * it commits (fillFromPrevious); a piece costs only its own bytes, however large the file.
 */
export async function writableSession(
  uploads: Uploads,
  path: string,
  layout: ChecksumLayout,
  mtime: number,
  declaredTotal: number,
  idleTtlMs = 0,
): Promise<UploadSession> {
  for (let attempt = 0; attempt < 8; attempt++) {
    // an interrupted commit is settled first: forgetting it would drop acknowledged bytes
    const cur = await uploads.byKey(NAMESPACE, path);
    if (cur?.state === 'open') return cur;
    if (cur) await uploads.forget(cur.id); // committed, aborted or expired: its key is free again
    const file = await uploads.storage.files.get(NAMESPACE, path);
    const meta: EosMeta = {
      inode: (file?.meta as EosMeta | undefined)?.inode ?? newInode(uploads),
      mtime,
      layout,
      declaredTotal,
      ...(file && file.size > 0 && { carryFrom: file.id }),
    };
    let session: UploadSession;
    try {
      session = await uploads.create({
        namespace: NAMESPACE,
        target: path,
        key: path,
        trackDigests: layout === 'none' ? [] : [LAYOUT_ALGORITHM[layout]],
        ...(idleTtlMs > 0 && { idleTtlMs }),
        meta,
      });
    } catch (e) {
      if (e instanceof AlreadyExistsError) continue; // a concurrent piece created it first
      throw e;
    }
    return session;
  }
  throw new AlreadyExistsError(`cannot open ${path} for writing`);
}

/**
 * Before a new version commits: the previous version's bytes go wherever no piece wrote, so the
 * file keeps them (EOS writes in place). Each gap is an ordinary recorded write, so a crash
 * part-way is made good by the next final piece; the previous version stays what readers see
 * until the commit. Resolves with the session as it then is.
 */
export async function fillFromPrevious(uploads: Uploads, session: UploadSession): Promise<UploadSession> {
  const { carryFrom, layout } = session.meta as EosMeta;
  if (carryFrom === undefined) return session;
  const file = await uploads.storage.files.getById(carryFrom);
  if (file && file.size > 0)
    for (const gap of receivedOf(session).missing(file.size))
      await uploads.receive(session.id, {
        start: gap.start,
        end: gap.end,
        body: await uploads.storage.blobs.read(file.blobKey, gap),
        partDigests: layout === 'adler' ? ['adler32'] : [],
        record: 'coalesce',
      });
  return uploads.updateMeta(session.id, ({ carryFrom: _done, ...rest }) => rest);
}

/** EOS's reaction to a refused piece: the whole file goes, earlier good pieces included (spec §3.5). */
export async function removeEntry(uploads: Uploads, path: string): Promise<boolean> {
  let found = false;
  const s = await uploads.getByKey(NAMESPACE, path);
  if (s) {
    found ||= s.state === 'open';
    await uploads.forget(s.id);
  }
  const file = await uploads.storage.files.get(NAMESPACE, path);
  if (file) {
    found = true;
    await uploads.storage.files.delete(NAMESPACE, path);
    await uploads.storage.blobs.delete(file.blobKey);
  }
  return found;
}
