import { MemoryBlobStore, collectBytes, streamOfBytes } from '@rangeway/core';
import { testBytes } from '@rangeway/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeObjectStore, type PartRules } from '../src/index';
import { freshStore, missing } from './services';

const noDb = missing(false);
const KiB = 1024;
// S3's rules scaled down 80×, so that multipart assembly runs on small files
const RULES: PartRules = { minPart: 64 * KiB, maxPart: 1024 * KiB, maxParts: 10_000, equalParts: false };

describe.skipIf(!!noDb)('commit assembly on S3 rules (fake S3 + PostgreSQL)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  for (const rules of [RULES, { ...RULES, equalParts: true }]) {
    it(`assembles overlapping, unaligned and sparse writes into the same bytes the memory store holds${rules.equalParts ? ' (equal parts)' : ''}`, async () => {
      const fake = new FakeObjectStore(rules);
      const fx = await freshStore('fake', { s3: fake, rules });
      cleanups.push(async () => {
        await fx.storage.close();
        await fx.cleanup();
      });
      const reference = new MemoryBlobStore();
      let seed = 7;
      const next = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
      for (let k = 0; k < 30; k++) {
        const start = next(600 * KiB);
        const bytes = testBytes(1 + next(200 * KiB), k + 1);
        await fx.storage.blobs.write('uploads/x', start, streamOfBytes(bytes), bytes.length);
        await reference.write('uploads/x', start, streamOfBytes(bytes));
      }
      const size = (await reference.size('uploads/x'))!;
      expect(await fx.storage.blobs.size('uploads/x')).toBe(size);
      const want = Buffer.from(await collectBytes(await reference.read('uploads/x')));
      await fx.storage.blobs.rename('uploads/x', 'files/x');
      // readable at once, through its pieces, while it is sealed in the background
      expect(Buffer.from(await collectBytes(await fx.storage.blobs.read('files/x'))).equals(want)).toBe(true);
      await fx.storage.sealer.idle();
      expect(await fx.storage.map.unsealed()).toBe(0);
      expect(Buffer.from(await collectBytes(await fx.storage.blobs.read('files/x'))).equals(want)).toBe(true);
      // the file is one object, made by a multipart upload that copied what it could
      expect(fake.calls.complete).toBe(1);
      expect(fake.calls.partCopy).toBeGreaterThan(0);
      expect(fake.openMultipartUploads).toBe(0);
      // the staging objects wait in the trash; once collected, only the file's object is left
      await fx.storage.sql`UPDATE rw_trash SET delete_after = 0`;
      await fx.storage.collect!();
      const left: string[] = [];
      for await (const o of fake.list(fx.prefix)) left.push(o.key);
      expect(left).toEqual([expect.stringMatching(/data\/files\/x\./)]);
    });
  }

  it('a file whose sealer died is sealed by the next sweep of any instance; a file replaced meanwhile keeps its new bytes', async () => {
    const fake = new FakeObjectStore(RULES);
    const fx = await freshStore('fake', { s3: fake, rules: RULES });
    cleanups.push(async () => {
      await fx.storage.close();
      await fx.cleanup();
    });
    const { blobs, sealer, map } = fx.storage;
    sealer.soon = () => undefined; // the committing instance dies before it starts sealing
    const first = testBytes(300 * KiB, 1);
    for (let o = 0; o < first.length; o += 100 * KiB) await blobs.write('uploads/a', o, streamOfBytes(first.subarray(o, o + 100 * KiB)), 100 * KiB);
    await blobs.rename('uploads/a', 'files/f');
    expect(await map.unsealed()).toBe(1);
    await fx.storage.collect!();
    expect(await map.unsealed()).toBe(0);
    expect(fake.calls.complete).toBe(1);
    expect(Buffer.from(await collectBytes(await blobs.read('files/f'))).equals(Buffer.from(first))).toBe(true);
    // a new version lands while an older one would be sealed: the seal must not bring the old back
    const second = testBytes(200 * KiB, 2);
    await blobs.write('uploads/b', 0, streamOfBytes(second), second.length);
    await blobs.write('uploads/c', 0, streamOfBytes(first), first.length);
    await blobs.write('uploads/c', 100 * KiB, streamOfBytes(second), second.length);
    await blobs.rename('uploads/c', 'files/g');
    const stale = await map.extents('files/g');
    await blobs.rename('uploads/b', 'files/g');
    expect(await map.sealed('files/g', stale!.size, stale!.extents, 'data/never')).toBe(false);
    await fx.storage.collect!();
    expect(Buffer.from(await collectBytes(await blobs.read('files/g'))).equals(Buffer.from(second))).toBe(true);
  });
});
