import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Uploads, pureHashers, streamOfBytes } from '@rangeway/core';
import { type FsStorage, type FsyncPolicy, openFsStorage } from '../src/index';

export const data = (n: number, seed = 1) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};

/**
 * A session (or any value) as the store writes it down: the JSON form, in which the engine's
 * shared part list is the plain array a store reads back after a restart.
 */
export const asStored = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A temp data dir, opened (and reopened) as an fs store with an engine on top. */
export async function tempStore(fsync: FsyncPolicy = 'always') {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'rangeway-fs-')));
  let storage: FsStorage | undefined;
  const open = async () => {
    storage = await openFsStorage({ dir, fsync });
    return { storage, up: new Uploads({ storage, hashers: pureHashers }) };
  };
  return {
    dir,
    open,
    close: async () => storage?.close(),
    cleanup: async () => {
      await storage?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const put = (up: Uploads, id: string, file: Uint8Array, start: number, end: number, extra = {}) =>
  up.receive(id, { start, end, body: streamOfBytes(file.slice(start, end)), ...extra });

/** Every path under `dir`, relative, depth-first. */
export async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    out.push(rel);
    if (e.isDirectory()) out.push(...(await walk(dir, rel)));
  }
  return out;
}
