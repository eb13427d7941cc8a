import type { FileCatalog } from '@rangeway/core';
import { conflict } from './http-error';
import { ancestorsOf } from './paths';

/** The catalog namespace of ClickHelp files and uploads; file names are storage paths. */
export const NAMESPACE = 'clickhelp';

/** Folders are implicit: a path is a folder while some file lies below it. */
export async function isFolder(files: FileCatalog, path: string): Promise<boolean> {
  for await (const _ of files.list(NAMESPACE, path === '' ? '' : `${path}/`)) return true;
  return false;
}

/** A file may not sit where a folder is, nor below a file (parent folders are made on demand). */
export async function assertPlaceable(files: FileCatalog, path: string): Promise<void> {
  for (const parent of ancestorsOf(path))
    if (await files.get(NAMESPACE, parent)) throw conflict(`A file is in the way of folder "${parent}".`);
  if (await isFolder(files, path)) throw conflict('A folder with this path exists.');
}
