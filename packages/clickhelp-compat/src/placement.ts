import { AlreadyExistsError, type FileCatalog, type FileRecord } from '@rangeway/core';
import { conflict } from './http-error';
import { ancestorsOf } from './paths';

/** The catalog namespace of ClickHelp files and uploads; file names are storage paths. */
export const NAMESPACE = 'clickhelp';

/** A folder made explicitly (base64 upload with isFolder:true); other folders are implicit. */
export const isFolderRecord = (f: FileRecord | undefined) => f?.meta.isFolder === true;

/** A path is a folder when it was made as one, or while some file lies below it. */
export async function isFolder(files: FileCatalog, path: string): Promise<boolean> {
  if (path === '' || isFolderRecord(await files.get(NAMESPACE, path))) return true;
  for await (const _ of files.list(NAMESPACE, `${path}/`)) return true;
  return false;
}

/** A file may not sit where a folder is, nor below a file (parent folders are made on demand). */
export async function assertPlaceable(files: FileCatalog, path: string): Promise<void> {
  await assertParentsAreFolders(files, path);
  if (await isFolder(files, path)) throw conflict('A folder with this path exists.');
}

/** No proper ancestor of `path` may be a file. */
export async function assertParentsAreFolders(files: FileCatalog, path: string): Promise<void> {
  for (const parent of ancestorsOf(path)) {
    const f = await files.get(NAMESPACE, parent);
    if (f && !isFolderRecord(f)) throw conflict(`A file is in the way of folder "${parent}".`);
  }
}

/** Refuses a name clash at start time: an existing file needs isOverwrite, a folder is never replaced. */
export async function assertCreatable(files: FileCatalog, path: string, isOverwrite: boolean): Promise<void> {
  await assertPlaceable(files, path);
  if (!isOverwrite && (await files.get(NAMESPACE, path))) throw conflict('The file already exists; pass isOverwrite=true to replace it.');
}

/** The same check as the commit precondition, when the file may have appeared meanwhile. */
export function commitGuard(files: FileCatalog, path: string, isOverwrite: boolean) {
  return async (_: unknown, existing: FileRecord | undefined): Promise<void> => {
    if (existing && !isOverwrite)
      throw new AlreadyExistsError('The file was created while this upload ran; pass isOverwrite=true to replace it.');
    await assertPlaceable(files, path);
  };
}
