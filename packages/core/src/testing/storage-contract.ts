/**
 * The storage contract every back end must pass (memory, filesystem, S3, Redis…). Call
 * `describeStorageContract` from a vitest file with a factory that makes a fresh, empty storage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, BusyError, NotFoundError } from '../errors';
import { type PartList, SharedPartList } from '../session/part-list';
import type { UploadSession } from '../session/session';
import type { FileRecord } from '../store/file-catalog';
import { countSessions } from '../store/session-store';
import type { Storage } from '../store/storage';
import { collectBytes, streamOf, streamOfBytes } from '../stream/bytes';
import { capabilityContract } from './capability-contract';
import { loggedWritesContract } from './logged-writes-contract';

export type StorageFixture = { storage: Storage; cleanup?: () => Promise<void> };

const bytes = (n: number, seed = 1) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};

/** Byte comparison that stays fast on large arrays and still says where they differ. */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length, 'length').toBe(expected.length);
  const i = actual.findIndex((b, k) => b !== expected[k]);
  expect(i, `first differing byte at ${i}`).toBe(-1);
}

const read = async (s: Storage, key: string, range?: { start: number; end: number }) =>
  collectBytes(await s.blobs.read(key, range));

const session = (over: Partial<UploadSession> = {}): UploadSession => ({
  id: 'S1',
  namespace: 'ns',
  target: 'dir/file.bin',
  received: '',
  parts: [],
  trackDigests: [],
  digests: {},
  state: 'open',
  blobKey: 'uploads/S1',
  createdAt: 1,
  updatedAt: 1,
  version: 0,
  meta: { a: 1 },
  ...over,
});

const file = (over: Partial<FileRecord> = {}): FileRecord => ({
  namespace: 'ns',
  name: 'dir/a.bin',
  id: 'F1',
  blobKey: 'files/F1',
  size: 3,
  digests: { sha1: 'ab' },
  createdAt: 1,
  modifiedAt: 2,
  meta: {},
  ...over,
});

export function describeStorageContract(name: string, make: () => Promise<StorageFixture>): void {
  describe(`storage contract: ${name}`, () => {
    let fx: StorageFixture;
    let s: Storage;
    beforeEach(async () => {
      fx = await make();
      s = fx.storage;
    });
    afterEach(async () => {
      await s.close?.();
      await fx.cleanup?.();
    });

    describe('blobs', () => {
      it('writes a stream and reads it back', async () => {
        const data = bytes(300_000);
        expect(await s.blobs.write('uploads/a', 0, streamOfBytes(data.subarray(0, 1000), data.subarray(1000)))).toBe(300_000);
        expectBytes(await read(s, 'uploads/a'), data);
        expect(await s.blobs.size('uploads/a')).toBe(300_000);
      });

      it('accepts async iterables and writes at offsets, leaving zero holes', async () => {
        const data = bytes(100);
        await s.blobs.write('uploads/b', 50, (async function* () {
          yield data;
        })());
        expect(await s.blobs.size('uploads/b')).toBe(150);
        const all = await read(s, 'uploads/b');
        expectBytes(all.subarray(0, 50), new Uint8Array(50));
        expectBytes(all.subarray(50), data);
      });

      it('reads a sub-range and clips reads at the end', async () => {
        const data = bytes(5000);
        await s.blobs.write('uploads/c', 0, streamOfBytes(data));
        expectBytes(await read(s, 'uploads/c', { start: 1000, end: 1010 }), data.subarray(1000, 1010));
        expectBytes(await read(s, 'uploads/c', { start: 4990, end: 9000 }), data.subarray(4990));
      });

      it('overwrites in place without truncating', async () => {
        await s.blobs.write('uploads/d', 0, streamOfBytes(bytes(100, 1)));
        const patch = bytes(10, 2);
        await s.blobs.write('uploads/d', 20, streamOfBytes(patch));
        const all = await read(s, 'uploads/d');
        expect(all.length).toBe(100);
        expectBytes(all.subarray(20, 30), patch);
        expectBytes(all.subarray(0, 20), bytes(100, 1).subarray(0, 20));
      });

      it('lets disjoint concurrent writes to one blob both land', async () => {
        const a = bytes(200_000, 3);
        const b = bytes(200_000, 4);
        await Promise.all([
          s.blobs.write('uploads/e', 200_000, streamOfBytes(b)),
          s.blobs.write('uploads/e', 0, streamOfBytes(a)),
        ]);
        const all = await read(s, 'uploads/e');
        expectBytes(all.subarray(0, 200_000), a);
        expectBytes(all.subarray(200_000), b);
      });

      it('passes a source error through unchanged', async () => {
        class Boom extends Error {}
        const failing = streamOf(
          (async function* () {
            yield bytes(10);
            throw new Boom('client went away');
          })(),
        );
        await expect(s.blobs.write('uploads/f', 0, failing)).rejects.toBeInstanceOf(Boom);
      });

      it('reports absent blobs', async () => {
        expect(await s.blobs.size('uploads/none')).toBeUndefined();
        await expect(s.blobs.read('uploads/none')).rejects.toBeInstanceOf(NotFoundError);
        await s.blobs.delete('uploads/none'); // not an error
      });

      it('truncates down and up', async () => {
        await s.blobs.write('uploads/g', 0, streamOfBytes(bytes(100)));
        await s.blobs.truncate('uploads/g', 40);
        expectBytes(await read(s, 'uploads/g'), bytes(100).subarray(0, 40));
        await s.blobs.truncate('uploads/g', 60);
        const all = await read(s, 'uploads/g');
        expect(all.length).toBe(60);
        expectBytes(all.subarray(40), new Uint8Array(20));
        await s.blobs.truncate('uploads/new', 0);
        expect(await s.blobs.size('uploads/new')).toBe(0);
      });

      it('renames atomically over an existing target', async () => {
        await s.blobs.write('uploads/h', 0, streamOfBytes(bytes(10, 5)));
        await s.blobs.write('files/h', 0, streamOfBytes(bytes(99, 6)));
        await s.blobs.rename('uploads/h', 'files/h');
        expectBytes(await read(s, 'files/h'), bytes(10, 5));
        expect(await s.blobs.size('uploads/h')).toBeUndefined();
        await expect(s.blobs.rename('uploads/none', 'files/x')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('lists keys by prefix and forgets deleted ones', async () => {
        for (const k of ['uploads/x1', 'uploads/x2', 'files/x3']) await s.blobs.write(k, 0, streamOfBytes(bytes(1)));
        await s.blobs.delete('uploads/x2');
        const keys: string[] = [];
        for await (const k of s.blobs.list('uploads/')) keys.push(k);
        expect(keys.sort()).toEqual(['uploads/x1']);
      });

      it('refuses keys that could escape or alias', async () => {
        for (const bad of ['', '../x', 'uploads/../x', 'a//b', '/abs', 'a/./b', 'a\\b', 'a/b\u0000', 'ü']) {
          await expect(s.blobs.write(bad, 0, streamOfBytes(bytes(1)))).rejects.toThrow();
        }
      });
    });

    describe('sessions', () => {
      it('creates with version 1 and never lets callers change stored state', async () => {
        const input = session();
        const created = await s.sessions.create(input);
        expect(created.version).toBe(1);
        const got = (await s.sessions.get('S1'))!;
        expect(got).toEqual(created);
        // returned objects are copies or frozen: either way the store keeps its own state
        try {
          (got.meta as Record<string, unknown>).a = 2;
        } catch {}
        (input.meta as Record<string, unknown>).a = 3;
        expect((await s.sessions.get('S1'))!.meta).toEqual({ a: 1 });
        expect(await s.sessions.get('nope')).toBeUndefined();
      });

      it('refuses duplicate ids and duplicate keys', async () => {
        await s.sessions.create(session({ key: 'k1' }));
        await expect(s.sessions.create(session())).rejects.toBeInstanceOf(AlreadyExistsError);
        await expect(s.sessions.create(session({ id: 'S2', blobKey: 'uploads/S2', key: 'k1' }))).rejects.toBeInstanceOf(
          AlreadyExistsError,
        );
        // the same key in another namespace is fine
        await s.sessions.create(session({ id: 'S3', namespace: 'other', key: 'k1' }));
        expect((await s.sessions.getByKey('ns', 'k1'))!.id).toBe('S1');
        expect((await s.sessions.getByKey('other', 'k1'))!.id).toBe('S3');
      });

      it('updates only from the current version', async () => {
        const v1 = await s.sessions.create(session());
        const v2 = await s.sessions.update({ ...v1, received: '0-9' });
        expect(v2.version).toBe(2);
        await expect(s.sessions.update({ ...v1, received: '0-4' })).rejects.toBeInstanceOf(BusyError);
        expect((await s.sessions.get('S1'))!.received).toBe('0-9');
        await expect(s.sessions.update(session({ id: 'ghost', version: 1 }))).rejects.toBeInstanceOf(NotFoundError);
      });

      it("keeps the engine's part list: the same records back, and a list to add to", async () => {
        const part = (i: number) => ({ id: `p${i}`, start: i * 16, end: i * 16 + 16, digests: { sha1: `${i}` }, receivedAt: 1 });
        const ids = (list: PartList) => list.map((p) => p.id);
        let parts = SharedPartList.empty;
        for (let i = 0; i < 300; i++) parts = parts.inserted(part(i)); // several chunks
        const v1 = await s.sessions.create(session({ parts }));
        const v2 = await s.sessions.update({ ...v1, parts: SharedPartList.from(v1.parts).inserted(part(300)) });
        const want = Array.from({ length: 301 }, (_, i) => `p${i}`);
        expect(ids(v2.parts)).toEqual(want);
        expect(ids((await s.sessions.get('S1'))!.parts)).toEqual(want);
        expect((await s.sessions.get('S1'))!.parts.at(300)).toEqual(part(300));
      });

      it('lets exactly one of two racing updates win', async () => {
        const v1 = await s.sessions.create(session());
        const results = await Promise.allSettled([
          s.sessions.update({ ...v1, received: '0-1' }),
          s.sessions.update({ ...v1, received: '0-2' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof BusyError)).toHaveLength(1);
      });

      it('deletes, with an optional version check, and frees the key', async () => {
        const v1 = await s.sessions.create(session({ key: 'k' }));
        await s.sessions.update(v1);
        await expect(s.sessions.delete('S1', 1)).rejects.toBeInstanceOf(BusyError);
        expect(await s.sessions.delete('S1', 2)).toBe(true);
        expect(await s.sessions.delete('S1')).toBe(false);
        expect(await s.sessions.getByKey('ns', 'k')).toBeUndefined();
        await s.sessions.create(session({ key: 'k' }));
      });

      it('lists with namespace and state filters', async () => {
        await s.sessions.create(session({ id: 'A', namespace: 'n1' }));
        await s.sessions.create(session({ id: 'B', namespace: 'n1', state: 'committed' }));
        await s.sessions.create(session({ id: 'C', namespace: 'n2' }));
        const ids = async (f?: Parameters<Storage['sessions']['list']>[0]) => {
          const out: string[] = [];
          for await (const x of s.sessions.list(f)) out.push(x.id);
          return out.sort();
        };
        expect(await ids()).toEqual(['A', 'B', 'C']);
        expect(await ids({ namespace: 'n1' })).toEqual(['A', 'B']);
        expect(await ids({ states: ['open'] })).toEqual(['A', 'C']);
        // a store that counts (an optional capability) counts what it lists
        for (const f of [undefined, { namespace: 'n1' }, { states: ['open' as const] }, { namespace: 'n2', states: ['committed' as const] }])
          expect(await countSessions(s.sessions, f)).toBe((await ids(f)).length);
      });
    });

    describe('shared writers', () => capabilityContract(() => s, session));

    describe('logged writes', () => loggedWritesContract(() => s, session));

    describe('files', () => {
      it('puts, gets by name and id, and replaces by name', async () => {
        await s.files.put(file());
        expect(await s.files.get('ns', 'dir/a.bin')).toEqual(file());
        expect(await s.files.getById('F1')).toEqual(file());
        await s.files.put(file({ id: 'F2', blobKey: 'files/F2', size: 9 }));
        expect((await s.files.get('ns', 'dir/a.bin'))!.size).toBe(9);
        expect(await s.files.getById('F1')).toBeUndefined();
        expect(await s.files.get('other', 'dir/a.bin')).toBeUndefined();
        // the same id under another name moves the record
        await s.files.put(file({ id: 'F2', name: 'dir/renamed.bin', blobKey: 'files/F2', size: 9 }));
        expect(await s.files.get('ns', 'dir/a.bin')).toBeUndefined();
        expect((await s.files.getById('F2'))!.name).toBe('dir/renamed.bin');
      });

      it('deletes and lists by prefix in name order', async () => {
        for (const [n, id] of [['b/2', 'I2'], ['a/1', 'I1'], ['b/1', 'I3'], ['c', 'I4']] as const)
          await s.files.put(file({ name: n, id, blobKey: `files/${id}` }));
        await s.files.put(file({ namespace: 'other', name: 'b/9', id: 'I9' }));
        const names = async (prefix?: string) => {
          const out: string[] = [];
          for await (const f of s.files.list('ns', prefix)) out.push(f.name);
          return out;
        };
        expect(await names()).toEqual(['a/1', 'b/1', 'b/2', 'c']);
        expect(await names('b/')).toEqual(['b/1', 'b/2']);
        expect(await s.files.delete('ns', 'b/1')).toBe(true);
        expect(await s.files.delete('ns', 'b/1')).toBe(false);
        expect(await names('b/')).toEqual(['b/2']);
      });
    });
  });
}
