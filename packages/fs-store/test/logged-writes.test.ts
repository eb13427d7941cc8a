import { constants, readFileSync } from 'node:fs';
import { cp, open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { DigestMismatchError, type Storage, Uploads, pureHashers, streamOfBytes } from '@rangeway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type FsStorage, openFsStorage, recordFileName } from '../src/index';
import { data, put, tempStore } from './helpers';

let t: Awaited<ReturnType<typeof tempStore>>;
let copies: FsStorage[] = [];
afterEach(async () => {
  for (const c of copies) await c.close();
  copies = [];
  await t.cleanup();
});

const KIB64 = 64 * 1024;

async function bytesOf(storage: Storage, key: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of await storage.blobs.read(key)) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * The data dir as a power loss would leave it: a copy taken while the store is open (no clean
 * close), with every byte the blob had not synced yet dropped (the blob cut to `keep` bytes).
 */
async function afterPowerLoss(blobKey: string, keep?: number) {
  const dir = `${t.dir}-crash`;
  await cp(t.dir, dir, { recursive: true });
  if (keep !== undefined) await truncate(join(dir, 'blobs', blobKey), keep);
  const storage = await openFsStorage({ dir, fsync: 'always' });
  copies.push(storage);
  return { storage, up: new Uploads({ storage, hashers: pureHashers }) };
}

describe('small writes logged with their bytes (fsync always)', () => {
  it('flushes once per 64 KiB write, and a power loss that drops the blob loses none of the acknowledged bytes', async () => {
    t = await tempStore();
    const { up, storage } = await t.open();
    const file = data(20 * KIB64);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await put(up, s.id, file, 0, KIB64); // opens the files kept open
    // a flush: an fsync or fdatasync, or a write to a file opened O_DSYNC (durable as it returns)
    let flushes = 0;
    const dsync = (fh: { fd: number }) => (Number.parseInt(/flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fh.fd}`, 'utf8'))![1]!, 8) & constants.O_DSYNC) !== 0;
    const handle = await open(join(t.dir, 'rangeway-store.json'), 'r');
    type Proto = { datasync(): Promise<void>; sync(): Promise<void>; write(...a: unknown[]): Promise<unknown>; writev(...a: unknown[]): Promise<unknown> };
    const proto = Object.getPrototypeOf(handle) as Proto;
    await handle.close();
    const { datasync, sync, write, writev } = proto;
    proto.datasync = function (this: unknown) { flushes++; return datasync.call(this); };
    proto.sync = function (this: unknown) { flushes++; return sync.call(this); };
    proto.write = function (this: { fd: number }, ...a: unknown[]) { if (dsync(this)) flushes++; return write.apply(this, a); };
    proto.writev = function (this: { fd: number }, ...a: unknown[]) { if (dsync(this)) flushes++; return writev.apply(this, a); };
    try {
      for (let i = 1; i < 10; i++) await put(up, s.id, file, i * KIB64, (i + 1) * KIB64);
    } finally {
      Object.assign(proto, { datasync, sync, write, writev });
    }
    expect(flushes).toBe(9);
    expect(storage.loggedWrites?.maxBytes).toBeGreaterThanOrEqual(KIB64);

    const crashed = await afterPowerLoss(s.blobKey, 0);
    expect((await crashed.up.get(s.id)).received).toBe(`0-${10 * KIB64 - 1}`);
    expect(Buffer.compare(await bytesOf(crashed.storage, s.blobKey), file.subarray(0, 10 * KIB64))).toBe(0);
  });

  it('never puts logged bytes back over bytes written after them', async () => {
    t = await tempStore();
    const { up } = await t.open();
    const file = data(4 * KIB64);
    const newer = data(KIB64, 7);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    for (let i = 0; i < 4; i++) await put(up, s.id, file, i * KIB64, (i + 1) * KIB64);
    // replaces stored bytes: staged in a side blob, then copied in (not a logged write)
    await up.receive(s.id, { start: KIB64, end: 2 * KIB64, body: streamOfBytes(newer), overlap: 'overwrite' });
    const expected = Buffer.concat([file.subarray(0, KIB64), newer, file.subarray(2 * KIB64)]);

    const crashed = await afterPowerLoss(s.blobKey, 4 * KIB64); // nothing lost: only a replay could change bytes
    expect(Buffer.compare(await bytesOf(crashed.storage, s.blobKey), expected)).toBe(0);
  });

  it('leaves nothing of a refused small write: no bytes, no change, nothing to replay', async () => {
    t = await tempStore();
    const { up, storage } = await t.open();
    const file = data(2 * KIB64);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length, trackDigests: [] });
    await put(up, s.id, file, 0, KIB64);
    const wrong = { algorithm: 'sha256', value: new Uint8Array(32) } as const;
    await expect(put(up, s.id, file, KIB64, 2 * KIB64, { expect: [wrong] })).rejects.toBeInstanceOf(DigestMismatchError);
    expect((await up.get(s.id)).received).toBe(`0-${KIB64 - 1}`);
    expect((await bytesOf(storage, s.blobKey)).length).toBe(KIB64);

    const crashed = await afterPowerLoss(s.blobKey, 0);
    expect((await crashed.up.get(s.id)).received).toBe(`0-${KIB64 - 1}`);
    expect(Buffer.compare(await bytesOf(crashed.storage, s.blobKey), file.subarray(0, KIB64))).toBe(0);
  });

  it('does not bring back the blob of an upload that ended without a commit', async () => {
    t = await tempStore();
    const { up, storage } = await t.open();
    const file = data(2 * KIB64);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await put(up, s.id, file, 0, KIB64);
    await up.abort(s.id);
    expect(await storage.blobs.size(s.blobKey)).toBeUndefined();

    const crashed = await afterPowerLoss(s.blobKey);
    expect((await crashed.up.get(s.id)).state).toBe('aborted');
    expect(await crashed.storage.blobs.size(s.blobKey)).toBeUndefined();
  });

  it('syncs the blobs and drops the bytes from the journals at a clean close', async () => {
    t = await tempStore();
    let { up } = await t.open();
    const file = data(3 * KIB64);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    for (let i = 0; i < 3; i++) await put(up, s.id, file, i * KIB64, (i + 1) * KIB64);
    const journal = join(t.dir, 'sessions', recordFileName(s.id).replace(/\.json$/, '.log'));
    expect((await stat(journal)).size).toBeGreaterThan(2 * KIB64);
    await t.close();
    expect(await stat(journal).catch(() => undefined)).toBeUndefined();
    ({ up } = await t.open());
    expect((await up.get(s.id)).received).toBe(`0-${3 * KIB64 - 1}`);
  });

  it('is not offered where a write flushes once anyway (fsync batch or never)', async () => {
    t = await tempStore('batch');
    const { storage } = await t.open();
    expect(storage.loggedWrites).toBeUndefined();
  });
});
