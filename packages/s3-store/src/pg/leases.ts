import { type Interval, type Lease, type Leases, RangeConflictError } from '@rangeway/core';
import type { Sql, TransactionSql } from 'postgres';
import { DB_NOW } from './schema';

export type LeaseTiming = {
  /** how often this instance says it is alive (default 1 s) */
  readonly heartbeatMs: number;
  /** how long after its last heartbeat an instance's leases may be taken over (default 10 s) */
  readonly timeoutMs: number;
};

/**
 * Interval leases every instance sees. A lease lives as long as its instance heart-beats (one
 * UPDATE per instance per heartbeat, not per lease), so a request may stream for minutes; a
 * killed instance's leases are free again `timeoutMs` after its last heartbeat. Acquires on one
 * key take turns on an advisory lock, which makes "exactly one of two overlapping acquires
 * wins" hold without an exclusion constraint (no extension needed).
 */
export class PgLeases implements Leases {
  private next = 0;
  private lastBeat = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;
  private beating: Promise<void> | undefined;

  constructor(
    private readonly sql: Sql,
    readonly instanceId: string,
    private readonly timing: LeaseTiming,
  ) {}

  /** Registers this instance and starts its heartbeat. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beating ??= this.beat()
        .catch(() => undefined) // a missed beat: `held` turns false once they add up to the timeout
        .finally(() => (this.beating = undefined));
    }, this.timing.heartbeatMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async beat(): Promise<void> {
    await this.sql.unsafe(
      `INSERT INTO rw_instances (id, heartbeat_at) VALUES ($1, ${DB_NOW})
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at`,
      [this.instanceId],
    );
    this.lastBeat = Date.now();
  }

  /** Stops the heartbeat and gives up this instance's leases. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.sql`DELETE FROM rw_leases WHERE instance_id = ${this.instanceId}`;
    await this.sql`DELETE FROM rw_instances WHERE id = ${this.instanceId}`;
  }

  async acquire(key: string, span: Interval): Promise<Lease> {
    const token = `${this.instanceId}.${++this.next}`;
    // frees the leases of instances that stopped heart-beating, then takes the span unless a
    // live lease overlaps it (answered as the row of that lease)
    const [taken] = await this.sql<{ taken_start: string; taken_end: string }[]>`
      SELECT taken_start, taken_end FROM rw_acquire_lease(${key}, ${span.start}, ${span.end}, ${token}, ${this.instanceId}, ${this.timing.timeoutMs})`;
    if (taken) {
      const [start, end] = [Number(taken.taken_start), Number(taken.taken_end)];
      throw new RangeConflictError(`bytes ${start}-${end - 1} of ${key} are being written by another request`, { start, end }, true);
    }
    let released = false;
    const self = this;
    return {
      key,
      span,
      token,
      get held() {
        return !released && Date.now() - self.lastBeat < self.timing.timeoutMs;
      },
      release: async () => {
        if (released) return;
        released = true;
        await this.sql`DELETE FROM rw_leases WHERE token = ${token}`;
      },
    };
  }

  async held(key: string): Promise<readonly Interval[]> {
    const rows = await this.sql.unsafe(
      `SELECT span_start, span_end FROM rw_leases l JOIN rw_instances i ON i.id = l.instance_id
       WHERE l.key = $1 AND i.heartbeat_at > ${DB_NOW} - $2 ORDER BY span_start`,
      [key, this.timing.timeoutMs],
    );
    return rows.map((r) => ({ start: Number(r.span_start), end: Number(r.span_end) }));
  }

  /** Fencing: whether `token` is still a lease (a taken-over lease's row is gone). */
  async live(tx: TransactionSql, token: string): Promise<boolean> {
    const rows = await tx`SELECT 1 FROM rw_leases WHERE token = ${token} FOR SHARE`;
    return rows.length > 0;
  }

  /** Leases whose instance stopped heart-beating (tests: none may be stuck). */
  async stale(): Promise<number> {
    const [r] = await this.sql.unsafe(
      `SELECT count(*)::int AS n FROM rw_leases l WHERE NOT EXISTS (
         SELECT 1 FROM rw_instances i WHERE i.id = l.instance_id AND i.heartbeat_at > ${DB_NOW} - $1)`,
      [this.timing.timeoutMs],
    );
    return Number(r!.n);
  }
}
