import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, StorageError, streamOfBytes } from '@rangeway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { data, put, tempStore } from './helpers';

let t: Awaited<ReturnType<typeof tempStore>>;
afterEach(() => t.cleanup());

describe('disk failures', () => {
  it('reports a full disk as insufficient space and records nothing', async () => {
    t = await tempStore();
    const { up, storage } = await t.open();
    const file = data(300_000);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await put(up, s.id, file, 0, 1000);
    // from here on the upload's bytes go to a device that is always full
    await storage.blobs.delete(s.blobKey);
    await symlink('/dev/full', join(t.dir, 'blobs', 'uploads', s.id));
    const err = await put(up, s.id, file, 1000, 300_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).insufficientSpace).toBe(true);
    expect((err as StorageError).message).not.toContain(t.dir); // no server paths in messages
    expect((await up.get(s.id)).received).toBe('0-999');
  });

  it('stops reading a long body at the first failed write and reports it', async () => {
    t = await tempStore();
    const { storage } = await t.open();
    await mkdir(join(t.dir, 'blobs', 'uploads'), { recursive: true });
    await symlink('/dev/full', join(t.dir, 'blobs', 'uploads', 'full'));
    // 64 MiB offered in 64 KiB chunks: writes overlap with reading, so the failure surfaces
    // while the body is still streaming (within three 1 MiB batches), and the rest is left unread
    let pulled = 0;
    const body = (async function* () {
      for (let i = 0; i < 1024; i++) {
        pulled++;
        yield data(64 * 1024, i);
      }
    })();
    const err = await storage.blobs.write('uploads/full', 0, body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).insufficientSpace).toBe(true);
    expect(pulled).toBeLessThan(48);
  });

  it('reports other failures as a storage error without insufficient space', async () => {
    t = await tempStore();
    const { up, storage } = await t.open();
    await mkdir(join(t.dir, 'blobs'), { recursive: true });
    await writeFile(join(t.dir, 'blobs', 'uploads'), 'not a directory');
    const s = await up.create({ namespace: 'n', target: 'x', total: 10 });
    const err = await put(up, s.id, data(10), 0, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).insufficientSpace).toBe(false);
    expect((await up.get(s.id)).received).toBe('');
    await expect(storage.blobs.write('uploads/y', 0, streamOfBytes(data(1)))).rejects.toBeInstanceOf(StorageError);
    await expect(storage.blobs.read('files/none')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('fails a state write cleanly, leaving the previous state in place', async () => {
    t = await tempStore();
    const { up } = await t.open();
    const s = await up.create({ namespace: 'n', target: 'x', total: 10 });
    // state files are written as temp files in the sessions dir: make that impossible
    await rm(join(t.dir, 'sessions'), { recursive: true });
    await writeFile(join(t.dir, 'sessions'), 'in the way');
    await expect(put(up, s.id, data(10), 0, 10)).rejects.toBeInstanceOf(StorageError);
    expect((await up.get(s.id)).received).toBe('');
  });
});
