import { open, readFile, rm } from 'node:fs/promises';
import { StorageError } from '@rangeway/core';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One process per data directory: the store keeps its indexes in memory, so a second writer
 * would silently diverge. The lock file holds the owner's pid; a lock left by a process that died
 * (a crash, SIGKILL) is taken over.
 */
export async function lockDataDir(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isSafeInteger(owner) && owner > 0 && alive(owner))
      throw new StorageError(`the data directory is in use by process ${owner} (${path})`);
    await rm(path, { force: true });
  }
  throw new StorageError(`could not lock the data directory (${path})`);
}
