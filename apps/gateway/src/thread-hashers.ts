import { Worker } from 'node:worker_threads';
import type { DigestAlgorithm, Hasher, HasherFactory } from '@rangeway/core';
import { nodeHashers } from './node-hashers';

/** What a worker may fall behind by before `update` blocks until it catches up (memory bound). */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** A digest the worker has not produced by then is an error, not a hang. */
const DIGEST_TIMEOUT_MS = 60_000;
const OFF_THREAD: Partial<Record<DigestAlgorithm, string>> = { sha1: 'sha1', sha256: 'sha256', md5: 'md5' };

// control cells shared with the worker
const QUEUED = 0; // bytes posted and not yet hashed
const ANSWERED = 1; // sequence number of the last digest written to `result`
const RESULT_LENGTH = 2; // its length, -1 when the worker failed

// CommonJS source, so the worker needs no file of its own next to the bundle
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { control, result } = workerData;
const hashes = new Map();
const answer = (seq, bytes) => {
  if (bytes) result.set(bytes, 0);
  Atomics.store(control, ${RESULT_LENGTH}, bytes ? bytes.length : -1);
  Atomics.store(control, ${ANSWERED}, seq);
  Atomics.notify(control, ${ANSWERED});
};
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    for (const id of m.ids) hashes.get(id)?.update(m.chunk);
    Atomics.sub(control, ${QUEUED}, m.chunk.length);
    Atomics.notify(control, ${QUEUED});
  } else if (m.op === 'create') hashes.set(m.id, createHash(m.alg));
  else if (m.op === 'clone') hashes.set(m.id, hashes.get(m.from).copy());
  else if (m.op === 'drop') hashes.delete(m.id);
  else if (m.op === 'digest') {
    const h = hashes.get(m.id);
    hashes.delete(m.id);
    answer(m.seq, h ? h.digest() : undefined);
  }
});
`;

/**
 * node:crypto hashing on a worker thread, so that hashing a body (Box hashes every byte twice
 * with SHA-1, DeOSS once with SHA-256) overlaps with reading the socket and writing the disk
 * instead of taking turns with them on the main thread. Chunks are copied to the worker once
 * for all the hashers fed the same chunk. `update` blocks (Atomics.wait) only when the worker is
 * MAX_QUEUED_BYTES behind, and `digest` until the worker has hashed everything before it: the
 * Hasher interface is synchronous. Algorithms node:crypto lacks stay on the main thread.
 */
export class ThreadHashers implements HasherFactory {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(3 * 4));
  private readonly result = new Uint8Array(new SharedArrayBuffer(64));
  private readonly dropped = new FinalizationRegistry<number>((id) => this.post({ op: 'drop', id }));
  private nextId = 1;
  private seq = 0;
  /** the chunk being fed: copied at its first update, so callers may reuse their buffer at once */
  private pending: { source: Uint8Array; copy: Uint8Array<ArrayBuffer>; ids: number[] } | undefined;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { control: this.control, result: this.result } });
    this.worker.unref();
  }

  create(algorithm: DigestAlgorithm): Hasher {
    const name = OFF_THREAD[algorithm];
    if (!name) return nodeHashers.create(algorithm);
    const id = this.nextId++;
    this.post({ op: 'create', id, alg: name });
    return this.track(new ThreadHasher(this, algorithm, id));
  }

  /** Bytes handed to the worker and not yet hashed (at most MAX_QUEUED_BYTES plus one chunk). */
  get queuedBytes(): number {
    return Atomics.load(this.control, QUEUED);
  }

  /** Stops the worker; hashers still in use afterwards fail at digest(). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  update(id: number, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // the engine feeds each body chunk to every hasher in turn: they share one copy and one
    // message (a hasher fed the same buffer again gets a fresh copy: its bytes may have changed)
    if (this.pending?.source === chunk && !this.pending.ids.includes(id)) {
      this.pending.ids.push(id);
      return;
    }
    this.flush();
    this.pending = { source: chunk, copy: new Uint8Array(chunk), ids: [id] };
    queueMicrotask(() => this.flush());
  }

  clone(from: number, algorithm: DigestAlgorithm): Hasher {
    const id = this.nextId++;
    this.post({ op: 'clone', from, id });
    return this.track(new ThreadHasher(this, algorithm, id));
  }

  digest(hasher: ThreadHasher): Uint8Array {
    this.dropped.unregister(hasher);
    const seq = ++this.seq;
    this.post({ op: 'digest', id: hasher.id, seq });
    const deadline = Date.now() + DIGEST_TIMEOUT_MS;
    for (let seen = Atomics.load(this.control, ANSWERED); seen !== seq; seen = Atomics.load(this.control, ANSWERED)) {
      if (Date.now() > deadline) throw new Error(`the hashing thread gave no ${hasher.algorithm} digest`);
      Atomics.wait(this.control, ANSWERED, seen, 100);
    }
    const length = Atomics.load(this.control, RESULT_LENGTH);
    if (length < 0) throw new Error(`the hashing thread lost a ${hasher.algorithm} hasher`);
    return this.result.slice(0, length);
  }

  private track(h: ThreadHasher): ThreadHasher {
    this.dropped.register(h, h.id, h);
    return h;
  }

  private post(message: { op: string; [k: string]: unknown }): void {
    this.flush();
    this.worker.postMessage(message);
  }

  /** Sends the chunk being fed to the worker, first waiting while the worker is far behind. */
  private flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    for (let q = Atomics.load(this.control, QUEUED); q > MAX_QUEUED_BYTES; q = Atomics.load(this.control, QUEUED))
      Atomics.wait(this.control, QUEUED, q, 100);
    Atomics.add(this.control, QUEUED, p.copy.length);
    // the copy owns an exactly sized buffer: transferred, not copied again
    this.worker.postMessage({ op: 'update', ids: p.ids, chunk: p.copy }, [p.copy.buffer]);
  }
}

class ThreadHasher implements Hasher {
  private done = false;

  constructor(
    private readonly pool: ThreadHashers,
    readonly algorithm: DigestAlgorithm,
    readonly id: number,
  ) {}

  update(chunk: Uint8Array): void {
    this.assertOpen();
    this.pool.update(this.id, chunk);
  }

  digest(): Uint8Array {
    this.assertOpen();
    this.done = true;
    return this.pool.digest(this);
  }

  clone(): Hasher {
    this.assertOpen();
    return this.pool.clone(this.id, this.algorithm);
  }

  private assertOpen(): void {
    if (this.done) throw new Error(`${this.algorithm} hasher used after digest()`);
  }
}
