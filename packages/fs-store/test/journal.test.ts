import { readdirSync } from 'node:fs';
import { appendFile, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError, type UploadSession } from '@rangeway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_KEPT_OPEN } from '../src/index';
import { recordFileName } from '../src/paths';
import { applyDelta, deltaBetween, replayJournal } from '../src/session-delta';
import { asStored, data, put, tempStore } from './helpers';

let t: Awaited<ReturnType<typeof tempStore>>;
afterEach(() => t.cleanup());

const journalOf = (id: string) => join(t.dir, 'sessions', recordFileName(id).replace(/\.json$/, '.log'));
const snapshotOf = (id: string) => join(t.dir, 'sessions', recordFileName(id));
const size = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size;

describe('session journal', () => {
  it('appends what a write changed, not the session: the same few bytes at part 10 and at part 2,000', async () => {
    t = await tempStore('never'); // what is appended does not depend on the policy; 2,000 fsyncs take long on a busy CI disk
    const { up } = await t.open();
    const file = data(2_001 * 16);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    const growth: number[] = [];
    for (let i = 0; i < 2_001; i++) {
      const before = await size(journalOf(s.id));
      await put(up, s.id, file, i * 16, (i + 1) * 16, { partId: `p${String(i).padStart(5, '0')}` });
      const after = await size(journalOf(s.id));
      if (after > before) growth.push(after - before); // 0: the journal was folded into a snapshot
    }
    expect(Math.max(...growth)).toBeLessThan(400);
    // folded now and then into a snapshot, so a reopen replays a bounded journal
    expect(await size(journalOf(s.id))).toBeLessThanOrEqual(Math.max(64 * 1024, await size(snapshotOf(s.id))) + 400);
    const live = await up.get(s.id);
    await t.close();
    const { up: again } = await t.open();
    expect(asStored(await again.get(s.id))).toEqual(asStored(live));
  });

  it('journals parts that land between stored ones as they are, and reads them back in order', async () => {
    t = await tempStore('never');
    const { up } = await t.open();
    const file = data(8 * 16);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    for (const i of [0, 5, 2, 7, 1, 6, 3, 4]) await put(up, s.id, file, i * 16, (i + 1) * 16, { partId: `p${i}` });
    const live = await up.get(s.id);
    expect(live.parts.map((p) => p.start / 16)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await t.close();
    await rm(join(t.dir, 'sessions', 'index.jsonl')); // as after a crash: the session comes back from its journal
    const { up: again } = await t.open();
    expect(asStored(await again.get(s.id))).toEqual(asStored(live));
  });

  it('keeps at most MAX_KEPT_OPEN upload files and as many journals open, and none once closed', async () => {
    t = await tempStore('never');
    const { up, storage } = await t.open();
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    for (let i = 0; i < MAX_KEPT_OPEN + 16; i++) {
      const s = await up.create({ namespace: 'n', target: `f${i}` });
      await put(up, s.id, data(10, i), 0, 10);
    }
    expect(storage.keptOpen()).toBe(2 * MAX_KEPT_OPEN);
    expect(fds() - before).toBeLessThanOrEqual(2 * MAX_KEPT_OPEN);
    await t.close();
    expect(storage.keptOpen()).toBe(0);
    expect(fds()).toBeLessThanOrEqual(before);
  });

  it('cuts off a change torn by a crash mid-append and keeps every change before it', async () => {
    t = await tempStore();
    let { up } = await t.open();
    const file = data(3000);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await put(up, s.id, file, 0, 1000);
    await put(up, s.id, file, 1000, 2000);
    await t.close();
    await appendFile(journalOf(s.id), '{"v":4,"s":{"received":"0-29'); // never acknowledged
    ({ up } = await t.open());
    expect((await up.get(s.id)).received).toBe('0-1999');
    await put(up, s.id, file, 2000, 3000); // appends after the cut, not after the torn text
    await t.close();
    ({ up } = await t.open());
    expect((await up.get(s.id)).received).toBe('0-2999');
  });

  it('refuses a change the disk could not take, and records the next one', async () => {
    t = await tempStore();
    let { up } = await t.open();
    const file = data(3000);
    const s = await up.create({ namespace: 'n', target: 'x', total: file.length });
    await symlink('/dev/full', journalOf(s.id)); // the journal about to be started is a full device
    const err = await put(up, s.id, file, 0, 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((await up.get(s.id)).received).toBe('');
    await put(up, s.id, file, 0, 3000); // the journal could not be cut back: a new snapshot instead
    await t.close();
    ({ up } = await t.open());
    expect((await up.get(s.id)).received).toBe('0-2999');
  });

  it('skips entries older than the snapshot and removes the journal of a deleted session', async () => {
    t = await tempStore();
    let { up, storage } = await t.open();
    const s = await up.create({ namespace: 'n', target: 'x', total: 10 });
    const gone = await up.create({ namespace: 'n', target: 'y', total: 10 });
    await put(up, gone.id, data(10), 0, 5);
    await t.close();
    // a snapshot newer than its journal (a crash before the journal was dropped)
    const snap = JSON.parse(await readFile(snapshotOf(s.id), 'utf8')) as UploadSession;
    await writeFile(snapshotOf(s.id), JSON.stringify({ ...snap, version: 5, received: '0-3' }));
    await writeFile(journalOf(s.id), `${JSON.stringify({ v: 2, s: { received: '0-0' } })}\n`);
    // a session deleted between its snapshot and its journal
    const orphan = journalOf(gone.id);
    await rm(snapshotOf(gone.id));
    ({ up, storage } = await t.open());
    expect((await up.get(s.id)).received).toBe('0-3');
    expect(await storage.sessions.get(gone.id)).toBeUndefined();
    expect(await readdir(join(t.dir, 'sessions'))).not.toContain(orphan.split('/').pop());
  });
});

describe('session deltas', () => {
  const base = Object.freeze({
    id: 'S',
    version: 3,
    received: '0-9',
    parts: Object.freeze([Object.freeze({ id: 'a', start: 0, end: 10, digests: {}, receivedAt: 1 })]),
    meta: Object.freeze({ m: 1 }),
    total: 100,
  }) as unknown as UploadSession;

  it('names only changed fields, keeps shared list prefixes, and round-trips', () => {
    const part = { id: 'b', start: 10, end: 20, digests: {}, receivedAt: 2 };
    const next = { ...base, version: 4, received: '0-19', parts: [...base.parts, part], total: undefined } as unknown as UploadSession;
    const delta = deltaBetween(base, next);
    expect(delta).toEqual({ v: 4, s: { received: '0-19' }, t: { parts: [1, [part]] }, d: ['total'] });
    const back = applyDelta(base, JSON.parse(JSON.stringify(delta)));
    expect(back).toEqual(JSON.parse(JSON.stringify(next)));
  });

  it('refuses an entry out of order and stops replay at it', () => {
    expect(() => applyDelta(base, { v: 5 })).toThrow(/version 4/);
    const text = `${JSON.stringify({ v: 4, s: { received: '0-19' } })}\n${JSON.stringify({ v: 6, s: { received: '0-39' } })}\n`;
    const r = replayJournal(base, new TextEncoder().encode(text));
    expect(r.session.received).toBe('0-19');
    expect(r.goodBytes).toBe(text.indexOf('\n') + 1);
  });

  it('hands over the bytes an entry carries, and stops at an entry whose bytes were cut short', () => {
    const entry = (delta: object, bytes: Uint8Array) => Buffer.concat([Buffer.from(`${JSON.stringify(delta)}\n`), bytes]);
    const whole = entry({ v: 4, s: { received: '0-19' }, w: [10, 10] }, new Uint8Array(10).fill(7));
    const torn = entry({ v: 5, s: { received: '0-29' }, w: [20, 10] }, new Uint8Array(4)); // a crash mid-append
    const got: { offset: number; bytes: Uint8Array }[] = [];
    const r = replayJournal(base, Buffer.concat([whole, torn]), (w) => got.push(w));
    expect(r.session.received).toBe('0-19');
    expect(r.goodBytes).toBe(whole.length);
    expect(r.loggedBytes).toBe(10);
    expect(got.map((w) => [w.offset, [...w.bytes]])).toEqual([[10, Array(10).fill(7)]]);
  });
});
