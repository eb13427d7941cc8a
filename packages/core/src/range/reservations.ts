import { RangeConflictError } from '../errors';
import type { Interval } from './interval';
import { overlaps } from './interval';

/** Releases a reservation; calling it twice is harmless. */
export type Release = () => void;

/**
 * In-flight write reservations per upload. A write reserves its byte interval before it touches
 * storage; a second write overlapping a reserved interval is refused at once (not queued), so two
 * concurrent requests can never both write the same bytes.
 */
export class RangeReservations {
  private readonly byKey = new Map<string, Interval[]>();

  reserve(key: string, iv: Interval): Release {
    const held = this.byKey.get(key) ?? [];
    const clash = held.find((h) => overlaps(h, iv) || (iv.start === iv.end && h.start === iv.start));
    if (clash) throw new RangeConflictError('another request is writing an overlapping range', clash, true);
    const mine = { start: iv.start, end: iv.end };
    held.push(mine);
    this.byKey.set(key, held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const list = this.byKey.get(key);
      if (!list) return;
      const i = list.indexOf(mine);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byKey.delete(key);
    };
  }

  /** Reserves the whole upload (e.g. for commit or a strictly sequential dialect). */
  reserveAll(key: string): Release {
    return this.reserve(key, { start: 0, end: Number.MAX_SAFE_INTEGER });
  }

  active(key: string): readonly Interval[] {
    return this.byKey.get(key) ?? [];
  }
}
