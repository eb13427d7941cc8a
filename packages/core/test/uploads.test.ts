import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BusyError,
  DigestMismatchError,
  WHOLE,
  ExpiredError,
  IllegalStateError,
  IncompleteError,
  InvalidError,
  LengthMismatchError,
  ManualClock,
  NotFoundError,
  RangeConflictError,
  RangeMismatchError,
  RangeNotSatisfiableError,
  SegmentTreeHasher,
  type SessionChange,
  type SessionStore,
  SharedPartList,
  Uploads,
  collectBytes,
  createMemoryStorage,
  fromHex,
  pureHashers,
  segmentTreeDigest,
  streamOf,
  streamOfBytes,
} from '../src/index';
import { countBlobReads } from '../src/testing/index';

const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 8)) & 255);
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
const make = () => {
  const clock = new ManualClock();
  const storage = createMemoryStorage();
  return { clock, storage, up: new Uploads({ storage, hashers: pureHashers, clock }) };
};
/** A `modify` that runs `fail` instead of storing any change into state `to` (a crash at that step). */
const failingOn =
  (to: string, modify: NonNullable<SessionStore['modify']>, store: SessionStore, fail: () => Promise<never>) =>
  (id: string, change: SessionChange) => {
    let crashed = false;
    const stored = modify.call(store, id, (cur) => {
      const next = change(cur);
      if (next.state === to) crashed = true;
      return crashed ? cur : next;
    });
    return crashed ? fail() : stored;
  };
const put = (up: Uploads, id: string, file: Uint8Array, start: number, end: number, extra = {}) =>
  up.receive(id, { start, end, body: streamOfBytes(file.slice(start, end)), ...extra });

describe('Uploads', () => {
  it('takes out-of-order parts, tracks them, and commits a byte-identical file', async () => {
    const { up, storage } = make();
    const file = data(10_000);
    const s = await up.create({ namespace: 't', target: 'a.bin', total: 10_000, trackDigests: ['sha1'] });
    await put(up, s.id, file, 4000, 10_000, { partDigests: ['sha1'] });
    await put(up, s.id, file, 0, 4000, { partDigests: ['sha1'] });
    const cur = await up.get(s.id);
    expect(cur.received).toBe('0-9999');
    expect(cur.parts.map((p) => [p.start, p.end, p.digests.sha1])).toEqual([
      [0, 4000, sha1(file.slice(0, 4000))],
      [4000, 10_000, sha1(file.slice(4000))],
    ]);
    const { file: rec, session } = await up.commit(s.id, { name: 'a.bin', expect: [{ algorithm: 'sha1', value: fromHex(sha1(file)) }] });
    expect(session.state).toBe('committed');
    expect(rec.digests.sha1).toBe(sha1(file));
    expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(file);
    expect(await storage.blobs.size(s.blobKey)).toBeUndefined();
  });

  it('refuses overlaps with the conflicting part, and short or long bodies, without recording them', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    await put(up, s.id, file, 0, 50);
    const conflict = await put(up, s.id, file, 40, 60).catch((e) => e);
    expect(conflict).toBeInstanceOf(RangeConflictError);
    expect(conflict.conflicting).toEqual({ start: 0, end: 50 });
    await expect(up.receive(s.id, { start: 50, end: 60, body: streamOfBytes(file.slice(50, 59)) })).rejects.toBeInstanceOf(
      LengthMismatchError,
    );
    await expect(up.receive(s.id, { start: 50, end: 60, body: streamOfBytes(file.slice(50, 61)) })).rejects.toBeInstanceOf(
      LengthMismatchError,
    );
    await expect(put(up, s.id, file, 90, 101)).rejects.toBeInstanceOf(RangeNotSatisfiableError);
    expect((await up.get(s.id)).received).toBe('0-49');
  });

  it('reports a broken body as a short body and keeps what was accepted before', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    await put(up, s.id, file, 0, 50);
    const broken = streamOf(
      (async function* () {
        yield file.slice(50, 60);
        throw new TypeError('terminated');
      })(),
    );
    const err = await up.receive(s.id, { start: 50, end: 100, body: broken }).catch((e) => e);
    expect(err).toBeInstanceOf(LengthMismatchError);
    expect(err.actual).toBe(10);
    expect((await up.get(s.id)).received).toBe('0-49');
  });

  it('checks a part digest before recording the part', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    const wrong = fromHex(sha1(file.slice(0, 10)));
    const err = await put(up, s.id, file, 0, 50, { expect: [{ algorithm: 'sha1', value: wrong }] }).catch((e) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect(err.actual).toEqual(fromHex(sha1(file.slice(0, 50))));
    expect((await up.get(s.id)).received).toBe('');
    await put(up, s.id, file, 0, 50, { expect: [{ algorithm: 'sha1', value: fromHex(sha1(file.slice(0, 50))) }] });
  });

  it('replays identical bytes without writing and refuses different ones (identical policy)', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    const first = await put(up, s.id, file, 0, 50, { ordering: 'append-or-replay', overlap: 'identical' });
    const again = await put(up, s.id, file, 0, 50, { ordering: 'append-or-replay', overlap: 'identical' });
    expect(again.replayed).toBe(true);
    expect(again.part).toEqual(first.part);
    const changed = file.slice(0, 50);
    changed[7] ^= 1;
    await expect(
      up.receive(s.id, { start: 0, end: 50, body: streamOfBytes(changed), ordering: 'append-or-replay', overlap: 'identical' }),
    ).rejects.toBeInstanceOf(RangeConflictError);
    await expect(put(up, s.id, file, 60, 70, { ordering: 'append-or-replay', overlap: 'identical' })).rejects.toBeInstanceOf(
      RangeMismatchError,
    );
    // no-gap: a chunk that starts inside the prefix writes only the new tail
    await put(up, s.id, file, 40, 80, { ordering: 'no-gap', overlap: 'identical' });
    expect((await up.get(s.id)).received).toBe('0-79');
  });

  it('overwrites when asked and still gets the whole-file digest right', async () => {
    const { up, storage } = make();
    const file = data(3000);
    const s = await up.create({ namespace: 't', target: 'x', total: 3000, trackDigests: ['sha1', 'adler32'] });
    const junk = new Uint8Array(1000).fill(9);
    await up.receive(s.id, { start: 0, end: 1000, body: streamOfBytes(junk), overlap: 'overwrite' });
    await put(up, s.id, file, 1000, 3000, { overlap: 'overwrite' });
    await put(up, s.id, file, 0, 1000, { overlap: 'overwrite' });
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['sha1', 'adler32'] });
    expect(rec.digests.sha1).toBe(sha1(file));
    expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(file);
  });

  it('does not commit an incomplete upload or a wrong whole-file digest', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    await put(up, s.id, file, 0, 60);
    await expect(up.commit(s.id, { name: 'x' })).rejects.toBeInstanceOf(IncompleteError);
    await put(up, s.id, file, 60, 100);
    const err = await up.commit(s.id, { name: 'x', expect: [{ algorithm: 'sha1', value: new Uint8Array(20) }] }).catch((e) => e);
    expect(err).toBeInstanceOf(DigestMismatchError);
    expect((await up.get(s.id)).state).toBe('open');
    await up.commit(s.id, { name: 'x' });
    await expect(put(up, s.id, file, 0, 10)).rejects.toBeInstanceOf(IllegalStateError);
  });

  it('fixes an unknown total on the first write that declares one and refuses a different one', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x' });
    await put(up, s.id, file, 0, 50);
    await put(up, s.id, file, 50, 100, { total: 100 });
    expect((await up.get(s.id)).total).toBe(100);
    await expect(put(up, s.id, file, 0, 10, { total: 99 })).rejects.toBeInstanceOf(InvalidError);
  });

  it('lets an identical replay declare the unknown total, but never one below the bytes held', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x' });
    await put(up, s.id, file, 0, 50);
    await put(up, s.id, file, 50, 100);
    await expect(put(up, s.id, file, 0, 50, { total: 50, overlap: 'identical' })).rejects.toBeInstanceOf(InvalidError);
    expect((await up.get(s.id)).total).toBeUndefined();
    const r = await put(up, s.id, file, 50, 100, { total: 100, overlap: 'identical', ordering: 'append-or-replay' });
    expect(r.replayed).toBe(true);
    expect(r.session.total).toBe(100);
    expect(r.session.parts.map((p) => [p.start, p.end])).toEqual([[0, 50], [50, 100]]);
  });

  it('expires sessions on access and in the sweep, never touching committed files', async () => {
    const { up, clock, storage } = make();
    const file = data(10);
    const done = await up.create({ namespace: 't', target: 'done', total: 10, ttlMs: 1000 });
    await put(up, done.id, file, 0, 10);
    const { file: rec } = await up.commit(done.id, { name: 'done' });
    const a = await up.create({ namespace: 't', target: 'a', total: 10, ttlMs: 1000 });
    const b = await up.create({ namespace: 't', target: 'b', total: 10, ttlMs: 1000 });
    await put(up, a.id, file, 0, 5);
    clock.advance(1000);
    await expect(up.requireActive(a.id)).rejects.toBeInstanceOf(ExpiredError);
    expect(await storage.blobs.size(a.blobKey)).toBeUndefined();
    expect((await up.sweep()).expired).toBe(1); // b
    expect((await up.get(b.id)).state).toBe('expired');
    expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(file);
    clock.advance(48 * 3600_000);
    expect((await up.sweep()).purged).toBe(3);
    await expect(up.get(a.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await storage.files.get('t', 'done')).toBeTruthy();
  });

  it('sweeps a slice at a time when given the same session iterator', async () => {
    const { up, clock, storage } = make();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await up.create({ namespace: 't', target: `s${i}`, total: 10, ttlMs: 1000 })).id);
    clock.advance(1000);
    const walk = storage.sessions.list()[Symbol.asyncIterator]();
    // each step expires at most `limit` due sessions and walks the next `limit` for purging
    expect(await up.sweep(2, walk)).toEqual({ expired: 2, purged: 0, visited: 2, settled: 0 });
    await up.forget(ids[2]!); // gone before the walk reaches it: skipped, not an error
    expect(await up.sweep(2, walk)).toEqual({ expired: 2, purged: 0, visited: 2, settled: 0 });
    expect(await up.sweep(2, walk)).toEqual({ expired: 0, purged: 0, visited: 1, settled: 0 }); // the end of the walk
    for (const id of [ids[0]!, ids[1]!, ids[3]!, ids[4]!]) expect((await up.get(id)).state).toBe('expired');
  });

  it('resumes a commit that stopped after moving the bytes or after cataloguing them', async () => {
    for (const failAt of ['catalog', 'final-state'] as const) {
      const { up, storage } = make();
      const file = data(5000);
      const s = await up.create({ namespace: 't', target: 'f', total: 5000 });
      await put(up, s.id, file, 0, 5000);
      const saved = { put: storage.files.put, modify: storage.sessions.modify!, rename: storage.blobs.rename };
      const crash = () => Promise.reject(new Error('power cut'));
      // a power cut: nothing written after it, not even a clean-up
      const dead = () => {
        storage.files.put = storage.blobs.rename = crash;
        storage.sessions.modify = crash;
        return crash();
      };
      if (failAt === 'catalog') storage.files.put = dead;
      else storage.sessions.modify = failingOn('committed', saved.modify, storage.sessions, dead);
      await expect(up.commit(s.id, { name: 'f', digests: ['sha1'] })).rejects.toThrow('power cut');
      Object.assign(storage.files, { put: saved.put });
      Object.assign(storage.sessions, { modify: saved.modify });
      Object.assign(storage.blobs, { rename: saved.rename });
      expect((await up.get(s.id)).state).toBe('complete');
      // the same engine, asked again, finishes the job
      const { session, file: rec } = await up.commit(s.id, { name: 'f', digests: ['sha1'] });
      expect(session.state).toBe('committed');
      expect(rec.digests.sha1).toBe(sha1(file));
      expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(file);
      expect((await storage.files.get('t', 'f'))!.id).toBe(session.fileId);
    }
  });

  it('settles commits a crash interrupted: committed if catalogued, otherwise open with every byte', async () => {
    const file = data(3000);
    for (const failAt of ['rename', 'catalog', 'final-state'] as const) {
      const { up, storage } = make();
      const s = await up.create({ namespace: 't', target: 'f', total: 3000 });
      await put(up, s.id, file, 0, 3000);
      const saved = { rename: storage.blobs.rename, put: storage.files.put, modify: storage.sessions.modify! };
      const crash = () => Promise.reject(new Error('killed'));
      // a killed process runs no clean-up: make every write fail from the crash point on
      const dead = () => {
        storage.blobs.rename = storage.files.put = crash;
        storage.sessions.modify = crash;
      };
      if (failAt === 'rename') storage.blobs.rename = async () => dead() as never;
      if (failAt === 'catalog') storage.files.put = async () => dead() as never;
      if (failAt === 'final-state') storage.sessions.modify = failingOn('committed', saved.modify, storage.sessions, () => (dead(), crash()));
      await expect(up.commit(s.id, { name: 'f' })).rejects.toThrow();
      Object.assign(storage.blobs, { rename: saved.rename });
      Object.assign(storage.files, { put: saved.put });
      Object.assign(storage.sessions, { modify: saved.modify });
      expect((await up.get(s.id)).state).toBe('complete');

      // the restarted engine settles it before serving
      const restarted = new Uploads({ storage, hashers: pureHashers });
      expect(await restarted.recoverInterruptedCommits()).toBe(1);
      const after = await restarted.get(s.id);
      if (failAt === 'final-state') {
        expect(after.state).toBe('committed');
        expect(await collectBytes(await storage.blobs.read((await storage.files.getById(after.fileId!))!.blobKey))).toEqual(file);
      } else {
        expect(after.state).toBe('open');
        expect(after.received).toBe('0-2999');
        expect(await collectBytes(await storage.blobs.read(after.blobKey))).toEqual(file);
        const { file: rec } = await restarted.commit(s.id, { name: 'f', digests: ['sha1'] });
        expect(rec.digests.sha1).toBe(sha1(file));
      }
    }
  });

  it('a sweep settles a commit another process left half-done, once nobody holds its lease', async () => {
    const { up, storage } = make();
    const file = data(500);
    const s = await up.create({ namespace: 't', target: 'f', key: 'k', total: 500 });
    await put(up, s.id, file, 0, 500);
    const rename = storage.blobs.rename;
    storage.blobs.rename = () => Promise.reject(new Error('killed'));
    await expect(up.commit(s.id, { name: 'f' })).rejects.toThrow('killed');
    storage.blobs.rename = rename;
    // leave it exactly as a process dying mid-commit would: complete, its lease still held
    await storage.sessions.update({ ...(await up.get(s.id)), state: 'complete', fileId: 'F1' });
    const held = await up.leases.acquire(s.id, WHOLE);
    expect((await up.sweep(10)).settled).toBe(0); // a commit may still be in flight
    expect((await up.get(s.id)).state).toBe('complete');
    await expect(up.byKey('t', s.key!)).rejects.toBeInstanceOf(BusyError); // a dialect's lookup: retry later
    await held.release(); // the other process died: its lease lapsed
    expect((await up.sweep(10)).settled).toBe(1);
    const after = await up.get(s.id);
    expect([after.state, after.received]).toEqual(['open', '0-499']);
    expect((await up.commit(s.id, { name: 'f' })).file.size).toBe(500);
  });

  it('byKey settles an interrupted commit before a dialect sees the session', async () => {
    const { up, storage } = make();
    const s = await up.create({ namespace: 't', target: 'f', key: 'k', total: 10 });
    await put(up, s.id, data(10), 0, 10);
    await storage.sessions.update({ ...(await up.get(s.id)), state: 'complete', fileId: 'F2' });
    const seen = await up.byKey('t', 'k');
    expect([seen?.state, seen?.received]).toEqual(['open', '0-9']); // never `complete`, every byte kept
  });

  it('leaves a commit that failed on a bad disk open, ready to be retried', async () => {
    const { up, storage } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'f', total: 100 });
    await put(up, s.id, file, 0, 100);
    const put0 = storage.files.put;
    storage.files.put = () => Promise.reject(new Error('EIO'));
    await expect(up.commit(s.id, { name: 'f' })).rejects.toThrow('EIO');
    storage.files.put = put0;
    expect((await up.get(s.id)).state).toBe('open');
    expect((await up.commit(s.id, { name: 'f' })).session.state).toBe('committed');
  });

  it('renews an idle expiry on every accepted write', async () => {
    const { up, clock } = make();
    const file = data(10);
    const s = await up.create({ namespace: 't', target: 'x', total: 10, idleTtlMs: 1000 });
    clock.advance(900);
    await put(up, s.id, file, 0, 5);
    clock.advance(900);
    expect((await up.requireActive(s.id)).state).toBe('open');
    clock.advance(200);
    await expect(up.requireActive(s.id)).rejects.toBeInstanceOf(ExpiredError);
  });

  it('keeps the part records of earlier writes as they are stored, frozen, when a part is added', async () => {
    const { up } = make();
    const file = data(80);
    const s = await up.create({ namespace: 't', target: 'x', total: 80 });
    for (const i of [0, 2, 3]) await put(up, s.id, file, i * 16, (i + 1) * 16);
    const before = await up.get(s.id);
    const after = (await put(up, s.id, file, 16, 32)).session; // lands between stored parts
    expect(after.parts.map((p) => p.start)).toEqual([0, 16, 32, 48]);
    expect([after.parts.at(0), after.parts.at(2), after.parts.at(3)]).toEqual([...before.parts]);
    for (const [i, j] of [[0, 0], [2, 1], [3, 2]]) expect(after.parts.at(i!)).toBe(before.parts.at(j!)); // shared, not copied
    const added = after.parts.at(1)!;
    expect(Object.isFrozen(after.parts) && Object.isFrozen(added) && Object.isFrozen(added.digests)).toBe(true);
    // what a journaling store writes for the change: the records after the ones both versions share
    expect(SharedPartList.sharedPrefix(before.parts, after.parts)).toBe(1);
    const appended = (await put(up, s.id, file, 64, 80)).session;
    expect(SharedPartList.sharedPrefix(after.parts, appended.parts)).toBe(4);
    expect(SharedPartList.sharedPrefix([...after.parts], appended.parts)).toBe(4); // the same records, in an array
    expect(JSON.parse(JSON.stringify(appended)).parts).toEqual([...appended.parts]); // stored as the plain array
  });

  it('changes dialect data with the write in one step, and not at all when the write is refused', async () => {
    const { up } = make();
    const file = data(10);
    const s = await up.create({ namespace: 't', target: 'x', total: 10, meta: { pieces: 0 } });
    const count = (m: Readonly<Record<string, unknown>>) => ({ ...m, pieces: (m.pieces as number) + 1 });
    const r = await up.receive(s.id, { start: 0, end: 5, body: streamOfBytes(file.slice(0, 5)), meta: count });
    expect(r.session.meta).toEqual({ pieces: 1 });
    expect(r.session.version).toBe(s.version + 1); // one stored change, not two
    const short = up.receive(s.id, { start: 5, end: 10, body: streamOfBytes(file.slice(5, 9)), meta: count });
    await expect(short).rejects.toBeInstanceOf(LengthMismatchError);
    expect((await up.get(s.id)).meta).toEqual({ pieces: 1 });
  });

  it('serialises racing writes to the same bytes: one wins, one gets an in-flight conflict', async () => {
    const { up } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = up.receive(s.id, {
      start: 0,
      end: 50,
      body: streamOf(
        (async function* () {
          yield file.slice(0, 10);
          await gate;
          yield file.slice(10, 50);
        })(),
      ),
    });
    await new Promise((r) => setTimeout(r, 5));
    const err = await put(up, s.id, file, 20, 30).catch((e) => e);
    expect(err).toBeInstanceOf(RangeConflictError);
    expect(err.inFlight).toBe(true);
    release();
    await slow;
    expect((await up.get(s.id)).received).toBe('0-49');
  });

  it('aborts: drops the bytes and refuses further writes', async () => {
    const { up, storage } = make();
    const file = data(100);
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    await put(up, s.id, file, 0, 50);
    await up.abort(s.id);
    expect(await storage.blobs.size(s.blobKey)).toBeUndefined();
    await expect(put(up, s.id, file, 50, 100)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('hashes in-order uploads without reading the data back', async () => {
    const { up, storage } = make();
    const file = data(1 << 20);
    const reads = countBlobReads(storage);
    const s = await up.create({ namespace: 't', target: 'x', total: file.length, trackDigests: ['sha1'] });
    for (let o = 0; o < file.length; o += 1 << 18) await put(up, s.id, file, o, o + (1 << 18));
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['sha1'] });
    expect(rec.digests.sha1).toBe(sha1(file));
    expect(reads()).toBe(0);
  });
});

describe('Uploads tracked segment trees', () => {
  const treeOf = (bytes: Uint8Array, segmentSize: number) => {
    const h = new SegmentTreeHasher({ segmentSize, factory: pureHashers });
    h.update(bytes);
    return h.digest();
  };

  it('keeps a segment-tree digest while in-order parts stream in, with no read back', async () => {
    const { up, storage } = make();
    const file = data(10_000);
    const tree = segmentTreeDigest('sha256', 1024);
    const reads = countBlobReads(storage);
    const s = await up.create({ namespace: 't', target: 'x', total: file.length, trackDigests: [tree] });
    // part edges fall inside segments, so the tree carries a partial segment from part to part
    for (let o = 0; o < file.length; o += 1500) await put(up, s.id, file, o, Math.min(o + 1500, file.length));
    const digest = await up.digestOf(await up.get(s.id), tree);
    expect(digest).toEqual(treeOf(file, 1024));
    expect(reads()).toBe(0);
  });

  it('reads back what it could not follow: out-of-order parts and overwrites', async () => {
    const { up } = make();
    const file = data(5000);
    const tree = segmentTreeDigest('sha256', 1024);
    const s = await up.create({ namespace: 't', target: 'x', total: file.length, trackDigests: [tree] });
    await put(up, s.id, file, 3000, 5000);
    await put(up, s.id, file, 0, 3000);
    expect(await up.digestOf(await up.get(s.id), tree)).toEqual(treeOf(file, 1024));
    const changed = file.slice();
    changed.fill(9, 100, 600);
    await put(up, s.id, changed, 0, 1000, { overlap: 'overwrite' });
    expect(await up.digestOf(await up.get(s.id), tree)).toEqual(treeOf(changed, 1024));
  });

  it('refuses to track a digest it does not know', async () => {
    const { up } = make();
    for (const bad of ['sha512', 'tree:sha256:0', 'tree:nope:1024', 'tree:sha256:1e3'])
      await expect(up.create({ namespace: 't', target: 'x', trackDigests: [bad as 'sha1'] })).rejects.toBeInstanceOf(InvalidError);
  });
});

describe('Uploads whole-file Adler-32', () => {
  it('combines out-of-order part checksums instead of reading the parts back', async () => {
    const { up, storage } = make();
    // the EOS worked example: 2285 bytes, byte i = i mod 251, pieces tail first
    const file = Uint8Array.from({ length: 2285 }, (_, i) => i % 251);
    let readBytes = 0;
    const origRead = storage.blobs.read.bind(storage.blobs);
    storage.blobs.read = async (key, range) => {
      readBytes += (range?.end ?? 2285) - (range?.start ?? 0);
      return origRead(key, range);
    };
    const s = await up.create({ namespace: 't', target: 'x', total: 2285, trackDigests: ['adler32'] });
    const opts = { overlap: 'overwrite' as const, partDigests: ['adler32' as const] };
    await put(up, s.id, file, 2048, 2285, opts);
    await put(up, s.id, file, 0, 1024, opts);
    await put(up, s.id, file, 1024, 2048, opts);
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['adler32'] });
    expect(rec.digests.adler32).toBe('121f5089');
    expect(readBytes).toBe(0);
  });
});

describe('Uploads overwrite that breaks off', () => {
  it('leaves the stored bytes, their parts and the running digests as they were', async () => {
    const { up } = make();
    const file = data(3000);
    const s = await up.create({ namespace: 't', target: 'x', total: 3000, trackDigests: ['adler32', 'sha1'] });
    const opts = { overlap: 'overwrite' as const, partDigests: ['adler32' as const] };
    await put(up, s.id, file, 0, 1000, opts);
    await put(up, s.id, file, 1000, 3000, opts);
    // a re-send of the first piece with different bytes that dies after 500 bytes
    const broken = streamOf(
      (async function* () {
        yield new Uint8Array(500).fill(7);
        throw new TypeError('client went away');
      })(),
    );
    await expect(up.receive(s.id, { start: 0, end: 1000, body: broken, ...opts })).rejects.toBeInstanceOf(LengthMismatchError);
    // the refused bytes never replaced accepted ones
    const expected = file;
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['adler32', 'sha1'] });
    expect(rec.digests.sha1).toBe(sha1(expected));
    const { Adler32 } = await import('../src/index');
    const a = new Adler32();
    a.update(expected);
    expect(rec.digests.adler32).toBe(a.value().toString(16).padStart(8, '0'));
  });
});

describe('Uploads commit of a given size', () => {
  it('commits what is stored, holes reading as zeros, without a declared total', async () => {
    const { up, storage } = make();
    const file = data(300);
    const s = await up.create({ namespace: 't', target: 'x', trackDigests: ['adler32'] });
    await put(up, s.id, file, 200, 300, { overlap: 'overwrite', partDigests: ['adler32'] });
    const expected = file.slice();
    expected.fill(0, 0, 200);
    const { file: rec, session } = await up.commit(s.id, { name: 'x', size: 300, digests: ['sha1', 'adler32'] });
    expect(rec.size).toBe(300);
    expect(session.total).toBe(300);
    expect(rec.digests.sha1).toBe(sha1(expected));
    expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(expected);
  });
});

describe('Uploads part records', () => {
  it('coalesces adjacent Adler-32 parts into one record and keeps none when asked', async () => {
    const { up } = make();
    const file = data(4000);
    const s = await up.create({ namespace: 't', target: 'x', total: 4000, trackDigests: ['adler32'] });
    const opts = { overlap: 'overwrite' as const, partDigests: ['adler32' as const], record: 'coalesce' as const };
    for (let o = 0; o < 3000; o += 500) await put(up, s.id, file, o, o + 500, opts);
    await put(up, s.id, file, 3500, 4000, opts);
    await put(up, s.id, file, 3000, 3500, opts);
    const { Adler32 } = await import('../src/index');
    const adler = (b: Uint8Array) => {
      const a = new Adler32();
      a.update(b);
      return a.value().toString(16).padStart(8, '0');
    };
    const parts = (await up.get(s.id)).parts;
    expect(parts.map((p) => [p.start, p.end, p.digests.adler32])).toEqual([
      [0, 3500, adler(file.slice(0, 3500))],
      [3500, 4000, adler(file.slice(3500))],
    ]);
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['adler32'] });
    expect(rec.digests.adler32).toBe(adler(file));

    const n = await up.create({ namespace: 't', target: 'y', total: 100 });
    await put(up, n.id, file, 0, 100, { record: 'none' as const });
    expect((await up.get(n.id)).parts).toHaveLength(0);
  });
});

describe('Uploads refused writes', () => {
  it('leave zeros where they wrote into a hole, and no side blob behind', async () => {
    const { up, storage } = make();
    const file = data(3000);
    const s = await up.create({ namespace: 't', target: 'x', total: 3000 });
    await put(up, s.id, file, 0, 1000, { overlap: 'overwrite' });
    const bad = data(3000).fill(9);
    const expect0 = [{ algorithm: 'sha1' as const, value: fromHex(sha1(file.slice(1000, 2000))) }];
    await expect(put(up, s.id, bad, 1000, 2000, { overlap: 'overwrite', expect: expect0 })).rejects.toThrow(/digest/);
    await put(up, s.id, file, 2000, 3000, { overlap: 'overwrite' });
    const { file: rec } = await up.commit(s.id, { name: 'x', size: 3000 });
    const expected = file.slice();
    expected.fill(0, 1000, 2000);
    expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(expected);
    const keys: string[] = [];
    for await (const k of storage.blobs.list('uploads/')) keys.push(k);
    expect(keys).toEqual([]);
  });
});

describe('Uploads digests over holes', () => {
  it('Adler-32 of a 1 TB upload holding one byte takes one combine, not a pass over the zeros', async () => {
    const { up, storage } = make();
    const total = 2 ** 40;
    const s = await up.create({ namespace: 't', target: 'x', trackDigests: ['adler32'] });
    await up.receive(s.id, { start: total - 1, end: total, body: streamOfBytes(Uint8Array.of(7)), overlap: 'overwrite', partDigests: ['adler32'] });
    const reads = countBlobReads(storage);
    const started = performance.now();
    const { file } = await up.commit(s.id, { name: 'x', size: total, digests: ['adler32'] });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(reads()).toBe(0);
    // A = 1 + 7, B = (2^40 - 1) zeros each adding A = 1, then + 8, all mod 65521
    const b = ((total - 1) % 65521 + 8) % 65521;
    expect(file.digests.adler32).toBe(((b * 65536 + 8) >>> 0).toString(16).padStart(8, '0'));
  });

  it('MD5 over a hole feeds zeros without reading the blob', async () => {
    const { up, storage } = make();
    const s = await up.create({ namespace: 't', target: 'x', trackDigests: ['md5'] });
    const file = data(4096);
    await up.receive(s.id, { start: 3 * 1024 * 1024, end: 3 * 1024 * 1024 + 4096, body: streamOfBytes(file), overlap: 'overwrite' });
    const reads = countBlobReads(storage);
    const { file: rec } = await up.commit(s.id, { name: 'x', size: 3 * 1024 * 1024 + 4096, digests: ['md5'] });
    const expected = new Uint8Array(3 * 1024 * 1024 + 4096);
    expected.set(file, 3 * 1024 * 1024);
    expect(rec.digests.md5).toBe(createHash('md5').update(expected).digest('hex'));
    expect(reads()).toBe(1); // the 4 KiB that were received, not the 3 MiB hole
  });
});
