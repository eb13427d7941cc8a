import { BusyError } from '../errors';
import type { Interval } from '../range/interval';
import { RangeReservations } from '../range/reservations';

/** The whole of an upload (commit, strictly sequential dialects, per-key locks). */
export const WHOLE: Interval = { start: 0, end: Number.MAX_SAFE_INTEGER };

/**
 * A held reservation of an interval under a key. `held` is this process's view: false once
 * released or lost (a back end shared by several processes also fences by `token` when a
 * write is recorded, so a write whose lease was lost records nothing).
 */
export interface Lease {
  readonly key: string;
  readonly span: Interval;
  readonly token: string;
  readonly held: boolean;
  /** Releases the lease; calling it twice is harmless. */
  release(): Promise<void>;
}

/**
 * Interval reservations that every process sharing the storage sees. A second acquire of an
 * interval overlapping a live lease under the same key is refused at once with
 * RangeConflictError (in flight), never queued.
 */
export interface Leases {
  acquire(key: string, span: Interval): Promise<Lease>;
  /** Intervals leased under `key` right now (inspection and tests). */
  held(key: string): Promise<readonly Interval[]>;
}

/** Leases for one process: the default for every store that is not shared. */
export class MemoryLeases implements Leases {
  private readonly reservations = new RangeReservations();
  private next = 0;

  async acquire(key: string, span: Interval): Promise<Lease> {
    return this.acquireNow(key, span);
  }

  /** Synchronous form, for in-process callers that must not yield before holding the lease. */
  acquireNow(key: string, span: Interval): Lease {
    const release = this.reservations.reserve(key, span);
    let held = true;
    return {
      key,
      span,
      token: `local-${++this.next}`,
      get held() {
        return held;
      },
      release: async () => {
        held = false;
        release();
      },
    };
  }

  async held(key: string): Promise<readonly Interval[]> {
    return this.reservations.active(key);
  }
}

/** The fence every store applies before recording a write under `lease`. */
export function assertLeaseHeld(lease: Lease | undefined): void {
  if (lease && !lease.held) throw new BusyError(`the lease on ${lease.key} was lost before the write was recorded; retry`);
}

/** Runs `work` holding a lease on `span` under `key` (RangeConflictError at once if taken). */
export async function withLease<T>(leases: Leases, key: string, span: Interval, work: () => Promise<T>): Promise<T> {
  const lease = await leases.acquire(key, span);
  try {
    return await work();
  } finally {
    await lease.release();
  }
}
