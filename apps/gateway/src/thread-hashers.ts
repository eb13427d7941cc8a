import { Worker } from 'node:worker_threads';
import type { DigestAlgorithm, Hasher, HasherFactory, Interval } from '@rangeway/core';
import { ANSWERED, RESULT_LENGTH, WORKER_SOURCE, type WorkerReply } from './hash-worker';
import { HashRing, PIECE, type Piece, type Spill } from './hash-ring';
import { ThreadHasher } from './thread-hasher';
import { nodeHashers } from './node-hashers';

/**
 * Consecutive chunks for the same hashers are posted to the worker as one message once they reach
 * this many bytes (or before any other message): not once per turn of the event loop, which at
 * 64 KiB socket reads was a message per chunk or two. Box and DeOSS 512 MiB uploads, 3 rounds
 * each: main-thread busy 35-260 ms lower, 4-31% more MB/s.
 */
const RUN_BYTES = 256 * 1024;
const OFF_THREAD: Partial<Record<DigestAlgorithm, string>> = { sha1: 'sha1', sha256: 'sha256', md5: 'md5' };

/**
 * node:crypto hashing on a worker thread, so that hashing a body (Box hashes every byte twice
 * with SHA-1, DeOSS once with SHA-256) overlaps with reading the socket and writing the disk
 * instead of taking turns with them on the main thread. Chunks are copied once, for all the
 * hashers fed the same chunk, into a ring of shared memory the worker hashes from (HashRing).
 * A feeder that waits for `ready()` once the ring is half full (the engine does) lets the event
 * loop run meanwhile; a chunk that finds the ring full all the same goes in a copy of its own,
 * and `update` blocks only for a feeder that ignores ready(). `digestAsync` (what the engine
 * uses for a body's digests) resolves when the worker gets there, while the event loop serves
 * other requests; the synchronous `digest` blocks until then. Stored bytes (a whole-file digest
 * catching up behind parallel parts) the worker reads from the blob's file itself
 * (updateFromFile), so they never cross the event loop. Algorithms node:crypto lacks stay on the
 * main thread.
 */
export class ThreadHashers implements HasherFactory {
  /** started on first use or by start(): see start() */
  private thread: Worker | undefined;
  private readonly shared = new HashRing(() => this.stopped);
  private readonly dropped = new FinalizationRegistry<number>((id) => this.post({ op: 'drop', id }));
  private nextId = 1;
  private seq = 0;
  /** answers awaited from the worker (digestAsync, updateFromFile), by sequence number */
  private readonly replies = new Map<number, { settle(m: WorkerReply): void; reject(e: Error): void }>();
  /** the chunk being fed: already copied (into the ring or a spill), collecting the hashers fed it */
  private current: { source: Uint8Array; ids: number[]; piece: Piece | Spill } | undefined;
  /** contiguous ring bytes for the same hashers, not yet posted (one message per RUN_BYTES) */
  private run: { ids: number[]; piece: Piece } | undefined;
  /** what ready() hands out while the ring drains */
  private draining: Promise<void> | undefined;

  /** set once the worker has stopped: new hashers then run on the main thread */
  private stopped: Error | undefined;

  /**
   * Starts the worker now rather than at the first hasher. Its start (a Node environment of its
   * own) added 20-40 ms to a 10,000-session start-up on a 2-core VM when it ran alongside, so the
   * server calls this once it is listening.
   */
  start(): void {
    if (!this.stopped) void this.worker;
  }

  private get worker(): Worker {
    if (this.thread) return this.thread;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { control: this.shared.control, result: this.shared.result, ring: this.shared.ring } });
    worker.unref();
    worker.on('error', (e) => this.stop(e));
    worker.on('exit', () => this.stop(new Error('the hashing thread has stopped')));
    worker.on('message', (m: WorkerReply) => {
      const r = this.replies.get(m.seq);
      this.replies.delete(m.seq);
      r?.settle(m);
    });
    return (this.thread = worker);
  }

  private stop(e: Error): void {
    this.stopped ??= e;
    for (const r of this.replies.values()) r.reject(this.stopped);
    this.replies.clear();
  }

  create(algorithm: DigestAlgorithm): Hasher {
    const name = OFF_THREAD[algorithm];
    if (!name || this.stopped) return nodeHashers.create(algorithm);
    const id = this.nextId++;
    this.post({ op: 'create', id, alg: name });
    return this.track(new ThreadHasher(this, algorithm, id));
  }

  /** Undefined while the ring is at most half full; else settles once the worker has hashed it down to half. */
  ready(): Promise<void> | undefined {
    if (this.stopped || !this.shared.wantsDrain()) return undefined;
    // the worker frees only what it was sent: post the run held back only if the rest cannot drain
    // below the mark (posting it early would cut runs into a message per chunk)
    const held = (this.run?.piece.length ?? 0) + (this.current?.piece.length ?? 0);
    if (!this.shared.wantsDrain(held)) this.flush();
    return (this.draining ??= this.shared.drain().finally(() => (this.draining = undefined)));
  }

  /** Bytes handed to the worker and not yet hashed: in the ring or spilled. */
  get queuedBytes(): number {
    return this.shared.queued;
  }

  /** Stops the worker; hashers still in use afterwards fail at digest(), new ones run on the main thread. */
  async close(): Promise<void> {
    if (this.thread) await this.thread.terminate();
    else this.stop(new Error('the hashing thread has stopped'));
  }

  update(id: number, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // the engine feeds each body chunk to every hasher in turn: they share one copy and one
    // message (a hasher fed the same buffer again is a new chunk: its bytes may have changed)
    if (this.current?.source === chunk && !this.current.ids.includes(id)) {
      this.current.ids.push(id);
      return;
    }
    this.settleCurrent();
    if (chunk.length > PIECE) {
      this.sendRun();
      for (let from = 0; from < chunk.length; from += PIECE) this.send([id], this.stage(chunk.subarray(from, from + PIECE)));
      return;
    }
    // copied now, so the caller may reuse its buffer as soon as update() returns; posted with a
    // full run, or before the next message (a digest, a clone, a file range) or wait for room
    this.current = { source: chunk, ids: [id], piece: this.stage(chunk) };
  }

  /** Zeros the worker makes itself: DeOSS pads a file's last 32 MiB segment with them. */
  updateZeros(id: number, count: number): void {
    if (count > 0) this.post({ op: 'zeros', id, length: count });
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
    this.shared.waitUntil(ANSWERED, (seen) => seen === seq, `a ${hasher.algorithm} digest`);
    const length = Atomics.load(this.shared.control, RESULT_LENGTH);
    if (length < 0) throw new Error(`the hashing thread lost a ${hasher.algorithm} hasher`);
    return this.shared.result.slice(0, length);
  }

  digestAsync(hasher: ThreadHasher): Promise<Uint8Array> {
    this.dropped.unregister(hasher);
    return this.ask({ op: 'digest', id: hasher.id, reply: true }, (m) => {
      if (!m.bytes) throw new Error(`the hashing thread lost a ${hasher.algorithm} hasher`);
      return new Uint8Array(m.bytes);
    });
  }

  updateFromFile(hasher: ThreadHasher, path: string, range: Interval): Promise<void> {
    return this.ask({ op: 'file', id: hasher.id, path, start: range.start, end: range.end }, (m) => {
      if (m.error !== undefined) throw new Error(`hashing ${path}: ${m.error}`);
    });
  }

  /** Posts a request the worker answers with a message, and resolves with `read` of that answer. */
  private ask<T>(message: { op: string; [k: string]: unknown }, read: (m: WorkerReply) => T): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const seq = ++this.seq;
    const reply = new Promise<T>((resolve, reject) => {
      const settle = (m: WorkerReply) => {
        try {
          resolve(read(m));
        } catch (e) {
          reject(e);
        }
      };
      this.replies.set(seq, { settle, reject });
    });
    this.post({ ...message, seq });
    return reply;
  }

  private track(h: ThreadHasher): ThreadHasher {
    this.dropped.register(h, h.id, h);
    return h;
  }

  private post(message: { op: string; [k: string]: unknown }): void {
    this.flush();
    this.postToWorker(message);
  }

  private stage(bytes: Uint8Array): Piece | Spill {
    return this.shared.stage(bytes, () => this.sendRun());
  }

  private send(ids: number[], piece: Piece | Spill): void {
    if ('bytes' in piece) this.postToWorker({ op: 'spill', ids, bytes: piece.bytes }, [piece.bytes.buffer as ArrayBuffer]);
    else this.postToWorker({ op: 'update', ids, ...piece });
  }

  private postToWorker(message: object, transfer?: ArrayBuffer[]): void {
    // closed before it ever started: nothing waits for an answer (whatever would, checks `stopped`)
    if (this.thread || !this.stopped) this.worker.postMessage(message, transfer);
  }

  /** Adds the chunk being fed to the run when it continues it (same hashers, next in the ring). */
  private settleCurrent(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    const r = this.run;
    const p = c.piece;
    if ('bytes' in p) {
      this.sendRun(); // in order: what came before it first
      this.send(c.ids, p);
      return;
    }
    if (r && p.skipped === 0 && p.at === r.piece.at + r.piece.length && sameIds(r.ids, c.ids)) r.piece = { ...r.piece, length: r.piece.length + p.length };
    else {
      this.sendRun();
      this.run = { ids: c.ids, piece: p };
    }
    if (this.run!.piece.length >= RUN_BYTES) this.sendRun();
  }

  private sendRun(): void {
    const r = this.run;
    if (!r) return;
    this.run = undefined;
    this.send(r.ids, r.piece);
  }

  /** Posts everything fed so far: before any other message, and when the ring must drain. */
  private flush(): void {
    this.settleCurrent();
    this.sendRun();
  }
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
