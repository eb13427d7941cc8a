import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Prefix of in-progress files; they are never valid records and are removed on open. */
export const TEMP_PREFIX = '.tmp-';

/** Makes a directory entry change (create, rename, unlink) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Replaces `path` with `data` atomically: readers (and a process restarted after a crash) see
 * either the old content or the new, never a mix. With `sync`, the new content and the rename are
 * on stable storage when this resolves.
 */
export async function writeFileAtomic(path: string, data: string, sync: boolean): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    const fh = await open(temp, 'wx', 0o600);
    try {
      await fh.writeFile(data, 'utf8');
      if (sync) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  if (sync) await fsyncDir(dir);
}

/** Removes `path` (absent is fine); with `sync`, the removal is durable when this resolves. */
export async function removeFile(path: string, sync: boolean): Promise<void> {
  await rm(path, { force: true });
  if (sync) await fsyncDir(dirname(path));
}
