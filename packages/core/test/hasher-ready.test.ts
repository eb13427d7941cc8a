import { describe, expect, it } from 'vitest';
import { type Hasher, type HasherFactory, Uploads, collectBytes, createMemoryStorage, pureHashers, toHex } from '../src/index';

const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 255);

/** Hashers that are "behind" after every chunk until a timer fires: what a hashing thread does when its queue is full. */
function slowHashers(events: string[]): HasherFactory {
  const wrap = (inner: Hasher): Hasher => ({
    algorithm: inner.algorithm,
    update: (chunk) => inner.update(chunk),
    digest: () => inner.digest(),
    clone: () => wrap(inner.clone()),
    ready: () => {
      events.push('behind');
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          events.push('caught up');
          resolve();
        }, 5),
      );
    },
  });
  return { create: (alg) => wrap(pureHashers.create(alg)) };
}

describe('a hasher that asks feeders to wait (Hasher.ready)', () => {
  it('holds the body back: the next chunk is read only once it caught up, and the digest and bytes are right', async () => {
    const events: string[] = [];
    const storage = createMemoryStorage();
    const up = new Uploads({ storage, hashers: slowHashers(events) });
    const file = data(3000);
    const s = await up.create({ namespace: 'n', target: 't', total: file.length });
    async function* body() {
      for (let i = 0; i < 3; i++) {
        events.push(`chunk ${i}`);
        yield file.subarray(i * 1000, (i + 1) * 1000);
      }
    }
    const { part } = await up.receive(s.id, { start: 0, end: file.length, body: body(), partDigests: ['sha1'] });
    expect(events).toEqual(['chunk 0', 'behind', 'caught up', 'chunk 1', 'behind', 'caught up', 'chunk 2', 'behind', 'caught up']);
    const ref = pureHashers.create('sha1');
    ref.update(file);
    expect(part.digests.sha1).toBe(toHex(ref.digest()));
    expect(await collectBytes(await storage.blobs.read(s.blobKey))).toEqual(file);
  });
});
