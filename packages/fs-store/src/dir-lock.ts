import { open } from 'node:fs/promises';
import { StorageError } from '@rangeway/core';
import { loadFlock } from './flock';

type Release = () => Promise<void>;
const inUse = (path: string, owner: string) =>
  new StorageError(`the data directory is in use by process ${/^\d+$/.test(owner) ? owner : '(unknown)'} (${path})`);

/**
 * One process per data directory: the store keeps its indexes in memory, so a second writer
 * would silently diverge. The lock is an OS file lock (flock) on `LOCK`, held for as long as the
 * store is open: the kernel drops it when the process dies (a crash, SIGKILL, an OOM kill), so a
 * restart takes the directory over without guessing from process ids, which repeat in containers
 * and get reused. The file also names the holder's pid, for the message a second process gets.
 * The file stays when released: removing it would let a process that opened it meanwhile lock a
 * lost inode.
 */
export async function lockDataDir(path: string): Promise<Release> {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  return deno ? lockWithDeno(deno, path) : lockWithAddon(path);
}

/** Node and Bun: flock through fs-native-extensions (a prebuilt addon: nothing compiles at install). */
async function lockWithAddon(path: string): Promise<Release> {
  const { tryLock, unlock } = await loadFlock();
  const fh = await open(path, 'a+', 0o600);
  try {
    if (!tryLock(fh.fd)) throw inUse(path, (await fh.readFile('utf8')).trim());
    await fh.truncate(0);
    await fh.write(`${process.pid}\n`, 0);
  } catch (e) {
    await fh.close();
    throw e;
  }
  return async () => {
    unlock(fh.fd);
    await fh.close();
  };
}

type DenoFile = { lock(exclusive: boolean): Promise<void>; truncate(n: number): Promise<void>; write(b: Uint8Array): Promise<number>; close(): void };
type DenoLike = { open(path: string, o: { read: boolean; write: boolean; create: boolean }): Promise<DenoFile>; readTextFile(path: string): Promise<string>; pid: number };

/** Deno cannot load the addon; its own FsFile.lock is the same flock, but it waits, so wait briefly. */
async function lockWithDeno(deno: DenoLike, path: string): Promise<Release> {
  const file = await deno.open(path, { read: true, write: true, create: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const granted = await Promise.race([
    file.lock(true).then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 250))),
  ]);
  clearTimeout(timer);
  if (!granted) {
    file.close(); // also withdraws the pending lock request
    throw inUse(path, (await deno.readTextFile(path).catch(() => '')).trim());
  }
  await file.truncate(0);
  await file.write(new TextEncoder().encode(`${deno.pid}\n`));
  return async () => file.close();
}
