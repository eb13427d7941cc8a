import { CONTROL_CELLS, QUEUED, SPILLED } from './hash-worker';

/** Bytes in the ring... */
export type Piece = { readonly at: number; readonly length: number; readonly skipped: number };
/** ...or, when the ring had no room, a copy of their own, handed over to the worker with its message. */
export type Spill = { readonly bytes: Uint8Array; readonly length: number };

/** The shared ring chunks are copied into: what the worker may fall behind by, and all it holds. */
const RING_BYTES = 4 * 1024 * 1024;
/** Chunks are copied in pieces of at most this, so a piece always fits a ring with room. */
export const PIECE = RING_BYTES / 4;
/** Queued bytes above which feeders are asked to wait: the rest of the ring is room for a chunk from each body. */
const READY_BELOW = RING_BYTES / 2;
/**
 * Bytes that may wait outside the ring, copied, when more bodies than the ring has room for feed
 * a chunk at once (32 DeOSS uploads blocked the event loop 367 ms in 2,503 waits for room without
 * this). Only a feeder that ignores ready() gets past it, and then waits for the ring.
 */
const SPILL_LIMIT = 8 * 1024 * 1024;
/**
 * How long the main thread may wait on the worker (for a digest, or for room in the ring) before
 * that is an error rather than a hang. The worker is never more than one ring behind, which takes
 * milliseconds to hash; this bounds the damage if it died mid-wait.
 */
const WAIT_LIMIT_MS = 10_000;

/**
 * The memory a ThreadHashers pool shares with its worker: control cells (see hash-worker), the
 * ring chunks are copied into, and the cell a synchronous digest comes back in. Fixed in size,
 * so nothing is left for either garbage collector. The main thread waits on the worker here and
 * nowhere else: without blocking for a feeder (drain), blocking only for a synchronous digest or
 * a feeder that ignores ready().
 */
export class HashRing {
  readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_CELLS * 4));
  readonly result = new Uint8Array(new SharedArrayBuffer(64));
  readonly ring = new Uint8Array(new SharedArrayBuffer(RING_BYTES));
  /** where the next piece goes in the ring */
  private head = 0;

  /** `stopped` says why the worker is gone, if it is: a wait then ends at once. */
  constructor(private readonly stopped: () => Error | undefined) {}

  /** Bytes handed to the worker and not yet hashed: in the ring (at most RING_BYTES) or spilled. */
  get queued(): number {
    return Atomics.load(this.control, QUEUED) + Atomics.load(this.control, SPILLED);
  }

  /** Whether feeders should wait, counting `held` queued bytes not posted to the worker yet. */
  wantsDrain(held = 0): boolean {
    return this.queued - held > READY_BELOW;
  }

  /**
   * Copies bytes into the ring; with no room there, into a spill of their own, so the event loop
   * does not wait. Only past SPILL_LIMIT does it block for room, after `release()` has posted what
   * is held back (the worker frees only what it was sent).
   */
  stage(bytes: Uint8Array, release: () => void): Piece | Spill {
    // a piece never wraps: the ring's tail is skipped (and counts as queued until released)
    const wraps = this.head + bytes.length > RING_BYTES;
    const need = (wraps ? RING_BYTES - this.head : 0) + bytes.length;
    if (Atomics.load(this.control, QUEUED) + need <= RING_BYTES) return this.place(bytes, wraps, need);
    if (Atomics.load(this.control, SPILLED) + bytes.length <= SPILL_LIMIT) {
      Atomics.add(this.control, SPILLED, bytes.length);
      // a copy of its own: its buffer is handed over (a Buffer's slice() would share the socket's)
      return { bytes: Uint8Array.prototype.slice.call(bytes), length: bytes.length };
    }
    release();
    this.waitUntil(QUEUED, (queued) => queued + need <= RING_BYTES, 'room in the ring');
    return this.place(bytes, wraps, need);
  }

  private place(bytes: Uint8Array, wraps: boolean, need: number): Piece {
    const skipped = wraps ? RING_BYTES - this.head : 0;
    const at = wraps ? 0 : this.head;
    this.ring.set(bytes, at);
    this.head = at + bytes.length;
    Atomics.add(this.control, QUEUED, need);
    return { at, length: bytes.length, skipped };
  }

  /** Blocks until a control cell satisfies `ok`; throws if the worker stopped or WAIT_LIMIT_MS passed. */
  waitUntil(cell: number, ok: (value: number) => boolean, what: string): void {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let v = Atomics.load(this.control, cell); !ok(v); v = Atomics.load(this.control, cell)) {
      const stopped = this.stopped();
      if (stopped) throw stopped;
      if (Date.now() > deadline) throw waitedTooLong(what);
      Atomics.wait(this.control, cell, v, 100);
    }
  }

  /** Settles once the worker has hashed the queue down to half the ring; the same limit as waitUntil. */
  async drain(): Promise<void> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (this.wantsDrain() && !this.stopped()) {
      if (Date.now() > deadline) throw waitedTooLong('room in the ring');
      // the worker notifies this cell for spilled bytes too
      const wait = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(this.control, QUEUED, Atomics.load(this.control, QUEUED), 100);
      if (wait.async) await wait.value;
    }
  }
}

const waitedTooLong = (what: string) => new Error(`the hashing thread gave no ${what} in ${WAIT_LIMIT_MS} ms`);

/** Atomics.waitAsync (ES2024; in Node since 16): not in the ES2022 lib this builds against. */
type WaitAsync = (cells: Int32Array, index: number, value: number, timeoutMs: number) => { async: false } | { async: true; value: Promise<unknown> };
