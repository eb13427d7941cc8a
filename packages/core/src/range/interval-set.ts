import { RangeSyntaxError } from '../errors';
import { parseDecimal } from './decimal';
import type { Interval } from './interval';

/**
 * A normalised set of half-open byte intervals: sorted, disjoint, and never touching
 * (adjacent intervals are merged on insert). Immutable: every change returns a new set,
 * so a session can be updated with compare-and-set without aliasing bugs.
 */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  private constructor(private readonly ivs: readonly Interval[]) {}

  /** Builds a set from arbitrary (possibly overlapping, unsorted, empty) intervals. */
  static of(intervals: Iterable<Interval>): IntervalSet {
    let set = IntervalSet.EMPTY;
    for (const iv of intervals) set = set.add(iv);
    return set;
  }

  get intervals(): readonly Interval[] {
    return this.ivs;
  }

  get isEmpty(): boolean {
    return this.ivs.length === 0;
  }

  /** Index of the first interval whose end is ≥ pos (binary search). */
  private lowerBound(pos: number): number {
    let lo = 0;
    let hi = this.ivs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ivs[mid]!.end < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(iv: Interval): IntervalSet {
    assertInterval(iv);
    if (iv.start === iv.end) return this;
    // every interval in [i, j) overlaps or touches iv and is absorbed into it
    const i = this.lowerBound(iv.start);
    let j = i;
    let start = iv.start;
    let end = iv.end;
    while (j < this.ivs.length && this.ivs[j]!.start <= iv.end) {
      start = Math.min(start, this.ivs[j]!.start);
      end = Math.max(end, this.ivs[j]!.end);
      j++;
    }
    return new IntervalSet([...this.ivs.slice(0, i), { start, end }, ...this.ivs.slice(j)]);
  }

  union(other: IntervalSet): IntervalSet {
    let out: IntervalSet = this;
    for (const iv of other.ivs) out = out.add(iv);
    return out;
  }

  /** Removes iv from the set (used to forget bytes that were overwritten or rolled back). */
  remove(iv: Interval): IntervalSet {
    assertInterval(iv);
    const out: Interval[] = [];
    for (const cur of this.ivs) {
      if (cur.end <= iv.start || cur.start >= iv.end) out.push(cur);
      else {
        if (cur.start < iv.start) out.push({ start: cur.start, end: iv.start });
        if (cur.end > iv.end) out.push({ start: iv.end, end: cur.end });
      }
    }
    return new IntervalSet(out);
  }

  /** The first stored interval sharing at least one byte with iv, if any. */
  findOverlap(iv: Interval): Interval | undefined {
    if (iv.start >= iv.end) return undefined;
    const i = this.lowerBound(iv.start + 1);
    const cand = this.ivs[i];
    return cand && cand.start < iv.end && iv.start < cand.end ? cand : undefined;
  }

  overlaps(iv: Interval): boolean {
    return this.findOverlap(iv) !== undefined;
  }

  /** True when every byte of iv is in the set. */
  contains(iv: Interval): boolean {
    if (iv.start >= iv.end) return true;
    const cand = this.ivs[this.lowerBound(iv.start + 1)];
    return cand !== undefined && cand.start <= iv.start && iv.end <= cand.end;
  }

  /** Length of the contiguous run starting at byte 0 (0 if byte 0 is missing). */
  get prefixLength(): number {
    const first = this.ivs[0];
    return first && first.start === 0 ? first.end : 0;
  }

  /** Total number of bytes covered. */
  get coveredBytes(): number {
    let n = 0;
    for (const iv of this.ivs) n += iv.end - iv.start;
    return n;
  }

  /** Highest covered position + 1 (0 when empty). */
  get highWater(): number {
    return this.ivs.length ? this.ivs[this.ivs.length - 1]!.end : 0;
  }

  /** The first missing interval within [0, total), or beyond the last byte when total is unknown. */
  firstGap(total?: number): Interval | undefined {
    const start = this.prefixLength;
    if (total !== undefined && start >= total) return undefined;
    const next = this.ivs[start === 0 ? 0 : 1];
    const end = next ? next.start : (total ?? Number.MAX_SAFE_INTEGER);
    return { start, end: total === undefined ? end : Math.min(end, total) };
  }

  /** Every missing interval within [0, total). */
  missing(total: number): Interval[] {
    const out: Interval[] = [];
    let pos = 0;
    for (const iv of this.ivs) {
      if (iv.start >= total) break;
      if (iv.start > pos) out.push({ start: pos, end: iv.start });
      pos = Math.max(pos, iv.end);
    }
    if (pos < total) out.push({ start: pos, end: total });
    return out;
  }

  isComplete(total: number): boolean {
    return this.prefixLength >= total;
  }

  equals(other: IntervalSet): boolean {
    return this.toString() === other.toString();
  }

  /** Compact form, inclusive like HTTP: `0-1023,2048-2284`; empty set → ''. */
  toString(): string {
    return this.ivs.map((iv) => `${iv.start}-${iv.end - 1}`).join(',');
  }

  toJSON(): string {
    return this.toString();
  }

  static parse(text: string): IntervalSet {
    if (text === '') return IntervalSet.EMPTY;
    const ivs: Interval[] = [];
    for (const part of text.split(',')) {
      const dash = part.indexOf('-');
      if (dash < 0) throw new RangeSyntaxError(`bad interval "${part}"`);
      const first = parseDecimal(part.slice(0, dash));
      const last = parseDecimal(part.slice(dash + 1));
      if (last < first) throw new RangeSyntaxError(`bad interval "${part}"`);
      ivs.push({ start: first, end: last + 1 });
    }
    return IntervalSet.of(ivs);
  }
}

function assertInterval(iv: Interval): void {
  if (!Number.isSafeInteger(iv.start) || !Number.isSafeInteger(iv.end) || iv.start < 0 || iv.end < iv.start)
    throw new RangeError(`invalid interval [${iv.start}, ${iv.end})`);
}
