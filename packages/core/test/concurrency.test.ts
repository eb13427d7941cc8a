import { describe, expect, it } from 'vitest';
import { Uploads, collectBytes, createMemoryStorage, pureHashers, streamOfBytes } from '../src/index';

// 64 writers on one upload at once, under each overlap policy the dialects use (Box: reject,
// EOS: overwrite, DeOSS and ClickHelp resends: identical): none is refused, none is lost.
const WRITERS = 64;
const SIZE = 1000;

describe.each(['reject', 'overwrite', 'identical'] as const)('%s: 64 concurrent disjoint writes to one upload', (overlap) => {
  it('are all accepted and all read back', async () => {
    const storage = createMemoryStorage();
    const up = new Uploads({ storage, hashers: pureHashers });
    const file = Uint8Array.from({ length: WRITERS * SIZE }, (_, i) => (i * 31 + 7) & 255);
    const s = await up.create({ namespace: 't', target: 'x', total: file.length });
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, k) =>
        up.receive(s.id, { start: k * SIZE, end: (k + 1) * SIZE, body: streamOfBytes(file.slice(k * SIZE, (k + 1) * SIZE)), overlap, partDigests: ['sha1'] }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const after = await up.get(s.id);
    expect(after.received).toBe(`0-${file.length - 1}`);
    expect(after.parts).toHaveLength(WRITERS);
    const { file: rec } = await up.commit(s.id, { name: 'x', digests: ['sha1'] });
    expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(file);
  });
});

describe('in-flight writes', () => {
  it('shows the bytes of a body while it streams, and nothing once it ends', async () => {
    const up = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers });
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    let more!: () => void;
    const gate = new Promise<void>((r) => (more = r));
    const body = (async function* () {
      yield new Uint8Array(30);
      await gate;
      yield new Uint8Array(70);
    })();
    const write = up.receive(s.id, { start: 0, end: 100, body });
    await expect.poll(() => up.inFlight.of(s.id)[0]?.bytes).toBe(30);
    expect(up.inFlight.of(s.id)).toMatchObject([{ start: 0, end: 100, bytes: 30 }]);
    more();
    await write;
    expect(up.inFlight.of(s.id)).toEqual([]);
  });
});

describe('a stalled body', () => {
  it('is given up after the idle timeout: lease released, nothing recorded, the next try lands', async () => {
    const up = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, bodyIdleTimeoutMs: 100 });
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(40).fill(1));
      },
      cancel() {
        cancelled = true;
      },
    });
    const started = Date.now();
    await expect(up.receive(s.id, { start: 0, end: 100, body: stalled })).rejects.toThrow(/no body bytes arrived for 100 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cancelled).toBe(true);
    expect(await up.leases.held(s.id)).toEqual([]);
    expect((await up.get(s.id)).received).toBe('');
    await up.receive(s.id, { start: 0, end: 100, body: streamOfBytes(new Uint8Array(100).fill(2)) });
    expect((await up.get(s.id)).received).toBe('0-99');
  });

  it('a stalled iterable body (a host hands its own chunks over) is given up alike and told to stop', async () => {
    const up = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, bodyIdleTimeoutMs: 100 });
    const s = await up.create({ namespace: 't', target: 'x', total: 100 });
    let reads = 0;
    let stopped = false;
    // a next() that never settles, and a return() that does not end it (as an async generator's)
    const stalled: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => (reads++ === 0 ? Promise.resolve({ done: false, value: new Uint8Array(40).fill(1) }) : new Promise<never>(() => {})),
        return: async () => {
          stopped = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const started = Date.now();
    await expect(up.receive(s.id, { start: 0, end: 100, body: stalled })).rejects.toThrow(/no body bytes arrived for 100 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stopped).toBe(true);
    expect(await up.leases.held(s.id)).toEqual([]);
    expect((await up.get(s.id)).received).toBe('');
  });

  it('a slow body that keeps moving is never cut', async () => {
    const up = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, bodyIdleTimeoutMs: 100 });
    const s = await up.create({ namespace: 't', target: 'x', total: 10 });
    const slow = (async function* () {
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 40));
        yield Uint8Array.of(i);
      }
    })();
    await up.receive(s.id, { start: 0, end: 10, body: slow });
    expect((await up.get(s.id)).received).toBe('0-9');
  });
});
