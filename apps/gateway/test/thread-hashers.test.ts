import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Adler32, toHex } from '@rangeway/core';
import { ThreadHashers } from '../src/thread-hashers';

const hashers = new ThreadHashers();
afterAll(() => hashers.close());

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17 + (i >> 9)) & 255);
/**
 * Holds the worker for as long as the test says: opening a FIFO blocks it until a writer comes
 * (timing how long a fast worker took let a preempted main thread see no tick, now and then).
 */
async function holdWorker(pool: ThreadHashers): Promise<{ release(): void; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rangeway-fifo-'));
  const fifo = join(dir, 'hold');
  execFileSync('mkfifo', [fifo]);
  const held = pool.create('sha1').updateFromFile!(fifo, { start: 0, end: 1 }).catch(() => undefined);
  return {
    release: () => closeSync(openSync(fifo, 'w')), // lets the worker go on (this open waits for the worker's)
    done: async () => {
      // after a failure: never leave the worker blocked (no reader waiting: nothing to do)
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {}
      await held;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const hexOf = (alg: string, ...chunks: Uint8Array[]) => {
  const h = createHash(alg);
  for (const c of chunks) h.update(c);
  return h.digest('hex');
};

describe('hashing on a worker thread', () => {
  it('gives node:crypto digests for sha1, sha256 and md5, one hasher or several fed the same chunks', () => {
    const chunks = [bytes(70_000, 1), bytes(1, 2), bytes(0, 3), bytes(300_001, 4)];
    const hs = (['sha1', 'sha256', 'md5', 'sha1'] as const).map((a) => hashers.create(a));
    for (const c of chunks) for (const h of hs) h.update(c);
    expect(hs.map((h) => toHex(h.digest()))).toEqual(['sha1', 'sha256', 'md5', 'sha1'].map((a) => hexOf(a, ...chunks)));
  });

  it('hashes the bytes as they were when fed, even if the caller reuses its buffer', () => {
    const buf = bytes(1000, 5);
    const h = hashers.create('sha256');
    h.update(buf);
    const first = buf.slice();
    buf.fill(0);
    h.update(buf);
    expect(toHex(h.digest())).toBe(hexOf('sha256', first, buf));
  });

  it('clones are independent; a subarray view hashes only its own bytes', () => {
    const big = bytes(1 << 20, 6);
    const view = big.subarray(1000, 2000);
    const a = hashers.create('sha1');
    a.update(view);
    const b = a.clone();
    a.update(view);
    expect(toHex(b.digest())).toBe(hexOf('sha1', view));
    expect(toHex(a.digest())).toBe(hexOf('sha1', view, view));
    expect(() => a.update(view)).toThrow(/after digest/);
  });

  it('delivers a digest asynchronously: the event loop runs while the worker finishes the queued bytes', async () => {
    const chunk = bytes(1 << 20, 8);
    const hs = (['sha1', 'sha256'] as const).map((a) => hashers.create(a));
    for (let i = 0; i < 3; i++) for (const h of hs) h.update(chunk); // the worker runs behind by up to its ring
    const hold = await holdWorker(hashers);
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      let settled = false;
      const values = Promise.all(hs.map((h) => h.digestAsync!())).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 20));
      clearInterval(timer);
      // a synchronous digest would have blocked this thread until the worker answered: no timer could have fired
      expect({ settled, ticked: ticks > 0 }).toEqual({ settled: false, ticked: true });
      hold.release();
      expect((await values).map((v) => toHex(v))).toEqual(['sha1', 'sha256'].map((a) => hexOf(a, chunk, chunk, chunk)));
    } finally {
      await hold.done();
    }
    expect(() => hs[0]!.update(chunk)).toThrow(/after digest/);
  });

  it('keeps up with 64 MiB fed faster than it hashes, holding back a feeder that ignores ready() instead of queueing it all', () => {
    const chunk = bytes(1 << 20, 7);
    const ref = createHash('sha256');
    for (let i = 0; i < 64; i++) ref.update(chunk);
    // feeding only copies (~20x faster than hashing), so the worker falls behind
    const h = hashers.create('sha256');
    let most = 0;
    for (let i = 0; i < 64; i++) {
      h.update(chunk);
      most = Math.max(most, hashers.queuedBytes);
    }
    expect(toHex(h.digest())).toBe(ref.digest('hex'));
    expect(most).toBeGreaterThan(0); // it did run behind...
    expect(most).toBeLessThanOrEqual(12 * 1024 * 1024); // ...by at most its ring and its spill
  });

  it('spills chunks past a full ring instead of blocking the event loop, and hashes them in order', async () => {
    // many bodies each feed a chunk after ready() let them (the 32-upload case); the worker is held,
    // so an update() that waited for room would have failed after 10 s instead of returning
    const hold = await holdWorker(hashers);
    try {
      // Buffers, as socket reads are: the caller keeps writing them after update()
      const bodies = Array.from({ length: 96 }, (_, i) => ({ h: hashers.create(i % 2 ? 'sha1' : 'sha256'), chunks: [Buffer.from(bytes(64 * 1024, i)), Buffer.from(bytes(1000, i + 1))] }));
      for (const step of [0, 1]) for (const b of bodies) b.h.update(b.chunks[step]!);
      expect(hashers.queuedBytes).toBeGreaterThan(4 * 1024 * 1024); // past the ring: 96 x 65 KB
      expect(bodies.map((b) => b.chunks[0]!.length)).toEqual(bodies.map(() => 64 * 1024)); // not handed over
      expect(hashers.ready()).toBeInstanceOf(Promise); // and feeders are asked to wait
      hold.release();
      const digests = await Promise.all(bodies.map((b) => b.h.digestAsync!()));
      expect(digests.map((d) => toHex(d))).toEqual(bodies.map((b, i) => hexOf(i % 2 ? 'sha1' : 'sha256', ...b.chunks)));
      await hashers.ready();
      expect(hashers.queuedBytes).toBe(0);
    } finally {
      await hold.done();
    }
  });

  it('asks a fast feeder to wait once half its ring is queued; waiting, the event loop runs and update() never blocks', async () => {
    const chunk = bytes(256 * 1024, 17);
    const ref = createHash('sha256');
    const h = hashers.create('sha256');
    let waits = 0;
    let most = 0;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      for (let i = 0; i < 128; i++) {
        h.update(chunk); // copying is ~20x faster than hashing: without the waits the ring fills (test above)
        most = Math.max(most, hashers.queuedBytes);
        const behind = h.ready!();
        if (behind) {
          waits++;
          await behind;
        }
      }
    } finally {
      clearInterval(timer);
    }
    for (let i = 0; i < 128; i++) ref.update(chunk);
    expect(toHex(await h.digestAsync!())).toBe(ref.digest('hex'));
    expect(waits).toBeGreaterThan(0);
    // half the ring and one chunk at most: update() always found room and never had to block
    expect(most).toBeLessThanOrEqual(2 * 1024 * 1024 + chunk.length);
    expect(ticks).toBeGreaterThan(0);
  });

  it('hashes chunks of every size across the ring edge, larger than the ring included', () => {
    const sizes = [1, 1 << 20, 999_999, 5 << 20, 3, (1 << 20) + 1, 70_000, 9 << 20];
    const chunks = sizes.map((n, i) => bytes(n, 10 + i));
    const a = hashers.create('sha1');
    const b = hashers.create('md5');
    for (const c of chunks) {
      a.update(c);
      b.update(c);
    }
    expect([toHex(a.digest()), toHex(b.digest())]).toEqual([hexOf('sha1', ...chunks), hexOf('md5', ...chunks)]);
  });

  it('batches runs of small chunks without mixing hashers, across clones and the ring edge', () => {
    const chunks = Array.from({ length: 300 }, (_, i) => bytes(20_000 + (i % 7), i));
    const part = hashers.create('sha1');
    const whole = hashers.create('sha1');
    let copy: ReturnType<typeof whole.clone> | undefined;
    for (const [i, c] of chunks.entries()) {
      if (i === 150) copy = whole.clone();
      whole.update(c);
      if (i % 3 !== 0) part.update(c);
    }
    expect(toHex(part.digest())).toBe(hexOf('sha1', ...chunks.filter((_, i) => i % 3 !== 0)));
    expect(toHex(whole.digest())).toBe(hexOf('sha1', ...chunks));
    expect(toHex(copy!.digest())).toBe(hexOf('sha1', ...chunks.slice(0, 150)));
  });

  it('posts a body fed over many turns of the event loop in runs, not a message a turn, and still hashes all of it', async () => {
    const own = new ThreadHashers();
    const worker = (own as unknown as { worker: { postMessage(m: { op: string }): void } }).worker;
    const post = worker.postMessage.bind(worker);
    let updates = 0;
    worker.postMessage = (m) => {
      if (m.op === 'update') updates++;
      post(m);
    };
    try {
      const h = own.create('sha256');
      const chunks = Array.from({ length: 64 }, (_, i) => bytes(64 * 1024, i)); // 4 MiB, as socket reads
      for (const c of chunks) {
        h.update(c);
        await new Promise((r) => setImmediate(r)); // the next read comes in a later turn
      }
      expect(updates).toBeLessThanOrEqual(16); // 256 KiB runs, not 64
      expect(toHex(await h.digestAsync!())).toBe(hexOf('sha256', ...chunks));
    } finally {
      await own.close();
    }
  });

  it('reads a range of a file itself, in order with bytes fed before and after, while other bodies keep hashing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rangeway-hash-file-'));
    try {
      const file = bytes(3 * (1 << 20) + 5000, 12);
      const path = join(dir, 'blob');
      await writeFile(path, file);
      const [before, after, other] = [bytes(777, 13), bytes(70_000, 14), bytes(1 << 20, 15)];
      const h = hashers.create('sha1');
      const body = hashers.create('sha256');
      h.update(before);
      const reading = h.updateFromFile!(path, { start: 1234, end: file.length - 1 });
      expect(() => h.update(after)).toThrow(/reads a file/); // its state is the worker's until then
      for (let i = 0; i < 8; i++) body.update(other); // a body in flight meanwhile: more than the ring
      await reading;
      h.update(after);
      expect(toHex(await h.digestAsync!())).toBe(hexOf('sha1', before, file.subarray(1234, file.length - 1), after));
      expect(toHex(await body.digestAsync!())).toBe(hexOf('sha256', ...Array(8).fill(other)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file range it cannot read, and the hasher can still be used', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rangeway-hash-file-'));
    try {
      const path = join(dir, 'short');
      await writeFile(path, bytes(100, 16));
      const h = hashers.create('sha1');
      await expect(h.updateFromFile!(path, { start: 0, end: 101 })).rejects.toThrow(/ends at byte 100/);
      await expect(h.updateFromFile!(join(dir, 'absent'), { start: 0, end: 1 })).rejects.toThrow(/ENOENT/);
      const fresh = hashers.create('sha1');
      await fresh.updateFromFile!(path, { start: 10, end: 100 });
      expect(toHex(fresh.digest())).toBe(hexOf('sha1', bytes(100, 16).subarray(10)));
      expect(() => h.clone()).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes zeros on the worker: 24 MiB of padding is one message, not bytes through the ring', async () => {
    const h = hashers.create('sha256');
    const data = bytes(5000, 18);
    h.update(data);
    h.updateZeros!(24 * 1024 * 1024 + 3);
    expect(hashers.queuedBytes).toBeLessThanOrEqual(data.length); // only the fed bytes
    h.update(data);
    expect(toHex(await h.digestAsync!())).toBe(hexOf('sha256', data, new Uint8Array(24 * 1024 * 1024 + 3), data));
  });

  it('leaves algorithms node:crypto lacks on the main thread', () => {
    const h = hashers.create('adler32');
    h.update(bytes(5000, 8));
    const ref = new Adler32();
    ref.update(bytes(5000, 8));
    expect(toHex(h.digest())).toBe(toHex(ref.digest()));
  });

  it('starts its worker at the first hasher that needs it (or start()), and closes cleanly if it never did', async () => {
    const threadOf = (h: ThreadHashers) => (h as unknown as { thread?: object }).thread;
    const lazy = new ThreadHashers();
    try {
      lazy.create('adler32'); // stays on the main thread
      expect(threadOf(lazy)).toBeUndefined();
      const h = lazy.create('sha1');
      expect(threadOf(lazy)).toBeDefined();
      h.update(bytes(5000, 3));
      expect(toHex(h.digest())).toBe(hexOf('sha1', bytes(5000, 3)));
    } finally {
      await lazy.close();
    }
    const never = new ThreadHashers();
    await never.close();
    never.start();
    const after = never.create('sha256');
    after.update(bytes(1000, 4));
    expect(toHex(after.digest())).toBe(hexOf('sha256', bytes(1000, 4)));
    expect(threadOf(never)).toBeUndefined();
  });

  it('once its worker has stopped: new hashers run on the main thread, old ones fail at once', async () => {
    const own = new ThreadHashers();
    const before = own.create('sha256');
    before.update(bytes(1000, 9));
    await own.close();
    await new Promise((r) => setImmediate(r)); // the worker's exit event
    const started = Date.now();
    expect(() => before.digest()).toThrow(/stopped/);
    expect(Date.now() - started).toBeLessThan(1000);
    const after = own.create('sha256');
    after.update(bytes(1000, 9));
    expect(toHex(after.digest())).toBe(hexOf('sha256', bytes(1000, 9)));
  });
});
