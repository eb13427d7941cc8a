import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IntervalSet, collectBytes, streamOf } from '@rangeway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { data, put, tempStore } from './helpers';

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
let t: Awaited<ReturnType<typeof tempStore>>;
afterEach(() => t.cleanup());

describe('fs store across restarts', () => {
  it('resumes a half-done upload after a reopen and commits the right SHA-1', async () => {
    t = await tempStore();
    const file = data(3_000_000);
    let { up } = await t.open();
    const s = await up.create({ namespace: 'n', target: 'big.bin', key: 'big', total: file.length, trackDigests: ['sha1'] });
    await put(up, s.id, file, 0, 1_000_000, { partDigests: ['sha1'] });
    await put(up, s.id, file, 2_000_000, 2_500_000, { partDigests: ['sha1'] });
    await t.close();

    ({ up } = await t.open());
    const back = (await up.getByKey('n', 'big'))!;
    expect(back.received).toBe('0-999999,2000000-2499999');
    expect(back.parts.map((p) => [p.start, p.end, p.digests.sha1])).toEqual([
      [0, 1_000_000, sha1(file.subarray(0, 1_000_000))],
      [2_000_000, 2_500_000, sha1(file.subarray(2_000_000, 2_500_000))],
    ]);
    await put(up, s.id, file, 1_000_000, 2_000_000);
    await put(up, s.id, file, 2_500_000, 3_000_000);
    const { file: rec } = await up.commit(s.id, { name: 'dir/big.bin', digests: ['sha1'] });
    expect(rec.digests.sha1).toBe(sha1(file));
    await t.close();

    const { storage } = await t.open();
    expect((await storage.files.get('n', 'dir/big.bin'))!.id).toBe(rec.id);
    expect(Buffer.from(await collectBytes(await storage.blobs.read(rec.blobKey))).equals(file)).toBe(true);
    expect((await storage.sessions.get(s.id))!.state).toBe('committed');
  });

  it('never records a write whose body broke off, and state never claims bytes that are not on disk', async () => {
    t = await tempStore();
    const file = data(600_000, 7);
    let { up } = await t.open();
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await put(up, s.id, file, 0, 200_000);
    const broken = streamOf(
      (async function* () {
        yield file.slice(200_000, 500_000); // lands on disk…
        throw new Error('client went away'); // …but is never recorded
      })(),
    );
    await expect(up.receive(s.id, { start: 200_000, end: 600_000, body: broken })).rejects.toThrow();
    await t.close();

    let storage;
    ({ up, storage } = await t.open());
    const back = await up.get(s.id);
    expect(back.received).toBe('0-199999');
    for (const iv of IntervalSet.parse(back.received).intervals) {
      const stored = await collectBytes(await storage.blobs.read(back.blobKey, iv));
      expect(Buffer.from(stored).equals(file.subarray(iv.start, iv.end))).toBe(true);
    }
    await put(up, s.id, file, 200_000, 600_000);
    const { file: rec } = await up.commit(s.id, { name: 'x' });
    expect(Buffer.from(await collectBytes(await storage.blobs.read(rec.blobKey))).equals(file)).toBe(true);
  });

  it('drops temp files of interrupted state writes and sets damaged records aside', async () => {
    t = await tempStore();
    let { up } = await t.open();
    const s = await up.create({ namespace: 'n', target: 'x', total: 10 });
    await t.close();
    await writeFile(join(t.dir, 'sessions', '.tmp-0123456789abcdef'), '{"id":"half');
    await writeFile(join(t.dir, 'sessions', 'ffff.json'), '{"id":"tor'); // only a power loss under fsync=batch/never
    ({ up } = await t.open());
    expect((await up.get(s.id)).state).toBe('open');
    expect((await readdir(join(t.dir, 'sessions'))).sort()).toEqual(
      [expect.stringMatching(/^[0-9a-f]{64}\.json$/), 'ffff.json.damaged'].sort(),
    );
  });

  it('lets one process at a time use a data dir, taking over the lock of a dead one', async () => {
    t = await tempStore();
    await t.open();
    const { openFsStorage } = await import('../src/index');
    await expect(openFsStorage({ dir: t.dir })).rejects.toThrow(/in use by process/);
    await t.close();
    await writeFile(join(t.dir, 'LOCK'), '2147483646\n'); // a pid no process has
    const { storage } = await t.open();
    expect(storage.dir).toBe(t.dir);
  });

  it('refuses an unknown fsync policy', async () => {
    t = await tempStore();
    const { openFsStorage } = await import('../src/index');
    await expect(openFsStorage({ dir: t.dir, fsync: 'sometimes' as never })).rejects.toThrow(/unknown fsync policy/);
  });

  it('refuses a directory that holds something else', async () => {
    t = await tempStore();
    await writeFile(join(t.dir, 'rangeway-store.json'), '{"format":99}');
    await expect(t.open()).rejects.toThrow(/not a Rangeway fs store/);
  });
});
