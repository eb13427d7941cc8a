import { createHash } from 'node:crypto';
import { appendFile, cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Uploads, type UploadSession, pureHashers } from '@rangeway/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FsStorage, openFsStorage, recordFileName } from '../src/index';
import { asStored, data, put, tempStore } from './helpers';

let t: Awaited<ReturnType<typeof tempStore>>;
let copies: FsStorage[] = [];
let scratch: string[] = [];
afterEach(async () => {
  for (const c of copies) await c.close();
  for (const d of scratch) await rm(d, { recursive: true, force: true });
  copies = [];
  scratch = [];
  await t.cleanup();
  vi.restoreAllMocks();
});

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
const indexPath = () => join(t.dir, 'sessions', 'index.jsonl');
const exists = (path: string) => stat(path).then(() => true, () => false);

async function sessionsOf(storage: FsStorage): Promise<UploadSession[]> {
  const out: UploadSession[] = [];
  for await (const s of storage.sessions.list()) out.push(asStored(s));
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** A store with sessions in every shape: fresh, with journals of several changes, with logged writes, committed. */
async function fill(up: Uploads) {
  const file = data(1_000_000, 5);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const s = await up.create({ namespace: 'n', target: `f${i}`, key: `k${i}`, total: file.length, trackDigests: ['sha1'] });
    ids.push(s.id);
    for (let k = 0; k < i % 4; k++) await put(up, s.id, file, k * 100_000, (k + 1) * 100_000, { partDigests: ['sha1'] });
  }
  await put(up, ids[0]!, file, 0, file.length);
  await up.commit(ids[0]!, { name: 'done.bin', digests: ['sha1'] });
  return { file, ids };
}

describe('the start index a clean close leaves', () => {
  it('gives back every session as it was, is gone once the store is open, and uploads go on from it', async () => {
    t = await tempStore();
    let { up, storage } = await t.open();
    const { file, ids } = await fill(up);
    const before = await sessionsOf(storage);
    await t.close();
    expect(await exists(indexPath())).toBe(true);

    ({ up, storage } = await t.open());
    expect(await exists(indexPath())).toBe(false); // a crash from here on must not find it
    expect(await sessionsOf(storage)).toEqual(before);
    const s = ids[3]!; // three parts and their journal lines
    await put(up, s, file, 300_000, file.length);
    const { file: rec } = await up.commit(s, { name: 'three.bin', digests: ['sha1'] });
    expect(rec.digests.sha1).toBe(sha1(file));
    const after = await sessionsOf(storage);
    await t.close();

    ({ storage } = await t.open());
    expect(await sessionsOf(storage)).toEqual(after);
  });

  it('carries sessions no one asked for through further restarts as they were', async () => {
    t = await tempStore();
    let { up, storage } = await t.open();
    const { file, ids } = await fill(up);
    const before = await sessionsOf(storage);
    await t.close();
    for (let i = 0; i < 2; i++) {
      await t.open(); // read nothing: each session stays as the index held it
      await t.close();
    }
    ({ up, storage } = await t.open());
    expect(asStored(await storage.sessions.getByKey('n', 'k2'))).toEqual(before.find((s) => s.key === 'k2'));
    await put(up, ids[2]!, file, 200_000, file.length);
    expect((await up.commit(ids[2]!, { name: 'two.bin', digests: ['sha1'] })).file.digests.sha1).toBe(sha1(file));
    await t.close();
    ({ storage } = await t.open());
    const after = await sessionsOf(storage);
    expect(after.filter((s) => s.id !== ids[2])).toEqual(before.filter((s) => s.id !== ids[2]));
    expect(after.find((s) => s.id === ids[2])).toMatchObject({ state: 'committed' });
  });

  it('is what a restart reads: one file, not a snapshot per session', async () => {
    t = await tempStore();
    let { up, storage } = await t.open();
    const { ids } = await fill(up);
    const before = await sessionsOf(storage);
    await t.close();
    // a snapshot's content changed behind the store's back: the index still names every file, so it wins
    const snapshot = join(t.dir, 'sessions', recordFileName(ids[5]!));
    const text = await readFile(snapshot, 'utf8');
    await writeFile(snapshot, text.replace('"target":"f5"', '"target":"XX"'));
    ({ up, storage } = await t.open());
    expect(await sessionsOf(storage)).toEqual(before);
  });

  it('is never there for a store that changed since: after a crash every file is read', async () => {
    t = await tempStore();
    let { up } = await t.open();
    const { file, ids } = await fill(up);
    await t.close();
    let storage: FsStorage;
    ({ up, storage } = await t.open());
    await put(up, ids[2]!, file, 500_000, 600_000);
    const live = await sessionsOf(storage);
    const dir = `${t.dir}-crash`; // the data dir as a killed process leaves it
    scratch.push(dir);
    await cp(t.dir, dir, { recursive: true });
    expect(await exists(join(dir, 'sessions', 'index.jsonl.taken'))).toBe(true);
    const crashed = await openFsStorage({ dir, fsync: 'always' });
    copies.push(crashed);
    expect(await exists(join(dir, 'sessions', 'index.jsonl.taken'))).toBe(false);
    expect(await sessionsOf(crashed)).toEqual(live);
    expect((await new Uploads({ storage: crashed, hashers: pureHashers }).get(ids[2]!)).received).toBe('0-199999,500000-599999');
  });

  it('reads a session from the index only when it is asked for: a damaged one is refused, and the next start reads the files', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t = await tempStore();
    let { up, storage } = await t.open();
    const { ids } = await fill(up);
    const before = await sessionsOf(storage);
    await t.close();
    // one byte of session f5's JSON turned non-ASCII, every length as it was
    const bytes = await readFile(indexPath());
    const at = bytes.indexOf('"target":"f5"', bytes.indexOf('\n', bytes.indexOf('\n') + 1));
    bytes[at + 11] = 0xe9;
    await writeFile(indexPath(), bytes);

    ({ storage } = await t.open());
    expect(await exists(indexPath())).toBe(false);
    expect(await exists(`${indexPath()}.taken`)).toBe(true); // read from while the store is open
    expect(await storage.sessions.get(ids[4]!)).toEqual(before.find((s) => s.id === ids[4]));
    await expect(storage.sessions.get(ids[5]!)).rejects.toThrow(/does not read back from the start index/);
    await t.close();
    expect(await exists(`${indexPath()}.taken`)).toBe(false);
    expect(warn.mock.calls.flat().join('\n')).toMatch(/no session index written/);

    ({ storage } = await t.open());
    expect(await sessionsOf(storage)).toEqual(before);
  });

  it('is ignored, with a warning where it is damaged, when it does not match the files', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t = await tempStore();
    const { up } = await t.open();
    const { ids } = await fill(up);
    await t.close();
    let storage: FsStorage;

    // cut short
    await writeFile(indexPath(), (await readFile(indexPath(), 'utf8')).slice(0, -40));
    ({ storage } = await t.open());
    const fromFiles = await sessionsOf(storage);
    expect(fromFiles.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(warn.mock.calls.flat().join('\n')).toMatch(/unreadable session index/);
    await t.close();

    // a journal that grew after the index was written (as only another writer could make it)
    const victim = ids[2]!;
    const journal = join(t.dir, 'sessions', recordFileName(victim).replace(/\.json$/, '.log'));
    ({ storage } = await t.open());
    const version = (await storage.sessions.get(victim))!.version;
    await t.close();
    await appendFile(journal, `${JSON.stringify({ v: version + 1, s: { target: 'grown' } })}\n`);
    ({ storage } = await t.open());
    expect(await storage.sessions.get(victim)).toMatchObject({ version: version + 1, target: 'grown' });
    await t.close();

    // a journal where the index knew of none (a session without changes since its snapshot)
    const quiet = ids[4]!;
    ({ storage } = await t.open());
    const quietVersion = (await storage.sessions.get(quiet))!.version;
    await t.close();
    await appendFile(join(t.dir, 'sessions', recordFileName(quiet).replace(/\.json$/, '.log')), `${JSON.stringify({ v: quietVersion + 1, s: { target: 'new' } })}\n`);
    ({ storage } = await t.open());
    expect(await storage.sessions.get(quiet)).toMatchObject({ version: quietVersion + 1, target: 'new' });
    await t.close();

    // a session removed after the index was written
    await rm(join(t.dir, 'sessions', recordFileName(ids[7]!)));
    ({ storage } = await t.open());
    expect((await sessionsOf(storage)).map((s) => s.id)).not.toContain(ids[7]);
    expect(await sessionsOf(storage)).toHaveLength(ids.length - 1);
  });
});
