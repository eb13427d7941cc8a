import type { FileRecord, Uploads } from '@rangeway/core';
import { etagOf } from './checksum';
import { EosHttpError, NO_SUCH } from './errors';
import { NAMESPACE, newInode } from './files';

/**
 * EOS directories. EOS does not create parents: a file goes only into a directory that exists.
 * `/eos` and each `/eos/<name>` stand for the root and an instance's top directory, so they always
 * exist. A deeper directory exists once made (MKCOL), or while anything lives below it. A made
 * directory is a catalog record named `<path>/`, holding no bytes.
 */
export type DirMeta = { readonly dir: true; readonly inode: string; readonly mtime: number };

const recordName = (path: string) => `${path}/`;
export const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const isTop = (path: string) => path.split('/').length <= 3;

/** The directory's own record, when it was made (not for a top or an implied directory). */
export function dirRecord(uploads: Uploads, path: string): Promise<FileRecord | undefined> {
  return uploads.storage.files.get(NAMESPACE, recordName(path));
}

export async function isDir(uploads: Uploads, path: string): Promise<boolean> {
  if (isTop(path) || (await dirRecord(uploads, path))) return true;
  for await (const _ of uploads.storage.files.list(NAMESPACE, recordName(path))) return true;
  return false;
}

/**
 * A new file's parent must exist (EOS answers 409 otherwise), unless parents are made on demand.
 * `exists` says whether the path is already there (then its parent is too); it is asked only
 * when a lookup is needed at all.
 */
export async function requireParent(uploads: Uploads, path: string, createParents: boolean, exists?: () => Promise<boolean>): Promise<void> {
  const parent = parentOf(path);
  if (createParents || isTop(parent) || (exists && (await exists()))) return;
  if (!(await isDir(uploads, parent))) throw new EosHttpError(409, NO_SUCH);
}

/** MKCOL: 201; 405 when the name is taken (file or directory), 409 when the parent is missing. */
export async function makeDir(uploads: Uploads, path: string): Promise<Response> {
  const files = uploads.storage.files;
  if ((await isDir(uploads, path)) || (await files.get(NAMESPACE, path)) || (await uploads.getByKey(NAMESPACE, path))?.state === 'open')
    throw new EosHttpError(405, 'File exists\n');
  await requireParent(uploads, path, false);
  const now = uploads.clock.now();
  const id = uploads.ids.id();
  const meta: DirMeta = { dir: true, inode: newInode(uploads), mtime: Math.floor(now / 1000) };
  await files.put({ namespace: NAMESPACE, name: recordName(path), id, blobKey: `eos-dirs/${id}`, size: 0, digests: {}, createdAt: now, modifiedAt: now, meta });
  return new Response(null, { status: 201 });
}

/** A directory's ETag and mtime: from its record when it was made, else (a top or implied directory) neutral ones. */
export function dirProps(record: FileRecord | undefined) {
  const m = record?.meta as DirMeta | undefined;
  const mtime = m?.mtime ?? 0;
  return { dir: true, mtime, etag: etagOf('none', m?.inode ?? '0', undefined, mtime) };
}

export type Child = { readonly name: string; readonly dir: boolean; readonly record: FileRecord | undefined };

/** What lies directly in a directory: files, made directories, and directories implied by deeper names. */
export async function children(uploads: Uploads, path: string): Promise<Child[]> {
  const prefix = recordName(path);
  const out = new Map<string, Child>();
  for await (const record of uploads.storage.files.list(NAMESPACE, prefix)) {
    const rest = record.name.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (rest === '') continue;
    if (slash < 0) out.set(rest, { name: rest, dir: false, record });
    else {
      const name = rest.slice(0, slash);
      const own = slash === rest.length - 1 ? record : out.get(name)?.record;
      out.set(name, { name, dir: true, record: own });
    }
  }
  return [...out.values()];
}

/** Every record at or below a directory (its own record included), deepest last. */
export async function subtree(uploads: Uploads, path: string): Promise<FileRecord[]> {
  const out: FileRecord[] = [];
  for await (const record of uploads.storage.files.list(NAMESPACE, recordName(path))) out.push(record);
  return out;
}

/** DELETE of a directory: everything below goes with it, as EOS's recursive rm does. */
export async function removeDir(uploads: Uploads, path: string): Promise<void> {
  const { files, blobs } = uploads.storage;
  for (const record of await subtree(uploads, path)) {
    await files.delete(NAMESPACE, record.name);
    if (!(record.meta as Partial<DirMeta>).dir) await blobs.delete(record.blobKey);
  }
}
