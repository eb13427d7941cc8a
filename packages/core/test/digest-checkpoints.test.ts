import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type HasherFactory,
  MemoryDigestCheckpoints,
  SegmentTreeHasher,
  type Storage,
  type TrackedDigest,
  Uploads,
  createMemoryStorage,
  pureHashers,
  segmentTreeDigest,
  streamOfBytes,
  supersedes,
  toHex,
} from '../src/index';
import { countBlobReads } from '../src/testing/index';

const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + (i >> 9)) & 255);
const hash = (alg: string, b: Uint8Array) => createHash(alg).update(b).digest('hex');
const put = (up: Uploads, id: string, file: Uint8Array, start: number, end: number, extra = {}) =>
  up.receive(id, { start, end, body: streamOfBytes(file.slice(start, end)), ...extra });
/** hashers that cannot export their state, as node:crypto's cannot */
const opaque: HasherFactory = { create: (alg) => pureHashers.create(alg) };
const PART = 1 << 16;

/** Two engines on one storage: two gateway instances sharing a bucket and a database. */
function pair(hashers: HasherFactory = pureHashers) {
  const storage: Storage = { ...createMemoryStorage(), checkpoints: new MemoryDigestCheckpoints() };
  return { storage, a: new Uploads({ storage, hashers }), b: new Uploads({ storage, hashers }) };
}

describe('whole-file digests caught up in the background', () => {
  it('follows parts that arrived ahead of the prefix, so the commit reads nothing back', async () => {
    const storage = createMemoryStorage();
    const up = new Uploads({ storage, hashers: pureHashers });
    const file = data(4 * PART);
    const s = await up.create({ namespace: 't', target: 'x', total: file.length, trackDigests: ['sha1'] });
    for (const i of [1, 3, 2, 0]) await put(up, s.id, file, i * PART, (i + 1) * PART);
    await up.prefix.settled(s.id);
    const reads = countBlobReads(storage);
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['sha1'] });
    expect(rec.digests.sha1).toBe(hash('sha1', file));
    expect(reads()).toBe(0);
  });
});

describe('digest checkpoints shared by two engines', () => {
  for (const [label, hashers] of [
    ['hashers that persist', pureHashers],
    ['hashers that cannot (tracked digests switch to pure ones)', opaque],
  ] as const) {
    it(`parts alternating between engines are hashed as they stream, never read back: ${label}`, async () => {
      const { storage, a, b } = pair(hashers);
      const reads = countBlobReads(storage);
      const file = data(6 * PART + 123);
      const s = await a.create({ namespace: 't', target: 'x', total: file.length, trackDigests: ['sha1', 'md5'] });
      for (let i = 0; i * PART < file.length; i++) await put(i % 2 ? b : a, s.id, file, i * PART, Math.min((i + 1) * PART, file.length));
      const { file: rec } = await b.commit(s.id, { name: 'x', digests: ['sha1', 'md5'] });
      expect(rec.digests).toMatchObject({ sha1: hash('sha1', file), md5: hash('md5', file) });
      expect(reads()).toBe(0);
    });
  }

  it('carries a segment tree (a DeOSS fid) from engine to engine', async () => {
    const { storage, a, b } = pair(opaque);
    const reads = countBlobReads(storage);
    const tree: TrackedDigest = segmentTreeDigest('sha256', 1000);
    const file = data(7_777);
    const s = await a.create({ namespace: 't', target: 'x', total: file.length, trackDigests: [tree] });
    for (let o = 0, i = 0; o < file.length; o += 1500, i++) await put(i % 2 ? b : a, s.id, file, o, Math.min(o + 1500, file.length));
    const want = new SegmentTreeHasher({ segmentSize: 1000, factory: pureHashers });
    want.update(file);
    expect(toHex(await a.digestOf(await a.get(s.id), tree))).toBe(toHex(want.digest()));
    expect(reads()).toBe(0);
  });

  it('parts sent out of order to both engines: the commit on either has the right digest', async () => {
    const { a, b } = pair();
    const file = data(8 * PART);
    const s = await a.create({ namespace: 't', target: 'x', total: file.length, trackDigests: ['sha1'] });
    await Promise.all([5, 1, 7, 3, 0, 2, 6, 4].map((i, n) => put(n % 2 ? b : a, s.id, file, i * PART, (i + 1) * PART)));
    await Promise.all([a.prefix.settled(s.id), b.prefix.settled(s.id)]);
    const { file: rec } = await a.commit(s.id, { name: 'x', digests: ['sha1'] });
    expect(rec.digests.sha1).toBe(hash('sha1', file));
  });

  it('an overwrite on one engine outdates the checkpoint the other saved: the digest covers the new bytes', async () => {
    const { a, b } = pair();
    const file = data(3 * PART);
    const s = await a.create({ namespace: 't', target: 'x', trackDigests: ['md5'] });
    for (let i = 0; i < 3; i++) await put(a, s.id, file, i * PART, (i + 1) * PART, { overlap: 'overwrite' });
    const changed = file.slice();
    changed.fill(7, 100, 900);
    await put(b, s.id, changed, 0, 1000, { overlap: 'overwrite' });
    const digest = await a.digestOf(await a.get(s.id), 'md5', file.length);
    expect(toHex(digest)).toBe(hash('md5', changed));
  });

  it('saves only move forward: more rewrites, or as many and further', () => {
    const cp = (offset: number, rewrites: number) => ({ offset, rewrites, state: new Uint8Array() });
    expect(supersedes(cp(10, 0), undefined)).toBe(true);
    expect(supersedes(cp(10, 0), cp(20, 0))).toBe(false);
    expect(supersedes(cp(20, 0), cp(10, 0))).toBe(true);
    expect(supersedes(cp(5, 1), cp(20, 0))).toBe(true);
    expect(supersedes(cp(30, 0), cp(5, 1))).toBe(false);
  });
});
