import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalSet, RangeConflictError, RangeReservations } from '../src/index';

const ivArb = fc.tuple(fc.nat(200), fc.nat(40)).map(([start, len]) => ({ start, end: start + len }));

/** Reference model: a plain bitmap. */
const bitmap = (ivs: { start: number; end: number }[]) => {
  const bits = new Array<boolean>(260).fill(false);
  for (const iv of ivs) for (let i = iv.start; i < iv.end; i++) bits[i] = true;
  return bits;
};

describe('IntervalSet', () => {
  it('merges adjacent and overlapping intervals', () => {
    const s = IntervalSet.of([
      { start: 10, end: 20 },
      { start: 0, end: 10 },
      { start: 30, end: 40 },
      { start: 35, end: 50 },
    ]);
    expect(s.toString()).toBe('0-19,30-49');
    expect(s.coveredBytes).toBe(40);
    expect(s.prefixLength).toBe(20);
    expect(s.firstGap()).toEqual({ start: 20, end: 30 });
    expect(s.missing(60)).toEqual([
      { start: 20, end: 30 },
      { start: 50, end: 60 },
    ]);
    expect(s.isComplete(20)).toBe(true);
    expect(s.isComplete(21)).toBe(false);
    expect(s.findOverlap({ start: 25, end: 31 })).toEqual({ start: 30, end: 50 });
    expect(s.findOverlap({ start: 20, end: 30 })).toBeUndefined();
    expect(s.contains({ start: 31, end: 49 })).toBe(true);
    expect(s.contains({ start: 15, end: 31 })).toBe(false);
    expect(IntervalSet.parse(s.toString()).equals(s)).toBe(true);
    expect(s.remove({ start: 5, end: 35 }).toString()).toBe('0-4,35-49');
  });

  it('agrees with a bitmap model on every query (property)', () => {
    fc.assert(
      fc.property(fc.array(ivArb, { maxLength: 20 }), ivArb, fc.integer({ min: 0, max: 250 }), (ivs, q, total) => {
        const s = IntervalSet.of(ivs);
        const bits = bitmap(ivs);
        // normalised: sorted, disjoint, non-touching, non-empty
        s.intervals.forEach((iv, i) => {
          expect(iv.end).toBeGreaterThan(iv.start);
          if (i > 0) expect(iv.start).toBeGreaterThan(s.intervals[i - 1]!.end);
        });
        expect(s.coveredBytes).toBe(bits.filter(Boolean).length);
        const anyIn = bits.slice(q.start, q.end).some(Boolean);
        expect(s.overlaps(q)).toBe(anyIn);
        const conflict = s.findOverlap(q);
        if (conflict) expect(conflict.start < q.end && q.start < conflict.end).toBe(true);
        expect(s.contains(q)).toBe(bits.slice(q.start, q.end).every(Boolean));
        expect(s.isComplete(total)).toBe(bits.slice(0, total).every(Boolean));
        const missingBits = bitmap(s.missing(total));
        for (let i = 0; i < total; i++) expect(missingBits[i]).toBe(!bits[i]);
        let p = 0;
        while (bits[p]) p++;
        expect(s.prefixLength).toBe(p);
        expect(IntervalSet.parse(s.toString()).equals(s)).toBe(true);
      }),
    );
  });

  it('add is commutative and idempotent (property)', () => {
    fc.assert(
      fc.property(fc.array(ivArb, { maxLength: 15 }), (ivs) => {
        const a = IntervalSet.of(ivs);
        const b = IntervalSet.of([...ivs].reverse());
        expect(a.equals(b)).toBe(true);
        expect(a.union(a).equals(a)).toBe(true);
      }),
    );
  });

  it('rejects invalid intervals and serialisations', () => {
    expect(() => IntervalSet.EMPTY.add({ start: 5, end: 4 })).toThrow(RangeError);
    expect(() => IntervalSet.EMPTY.add({ start: -1, end: 4 })).toThrow(RangeError);
    expect(() => IntervalSet.parse('5-4')).toThrow();
    expect(() => IntervalSet.parse('a-b')).toThrow();
  });
});

describe('RangeReservations', () => {
  it('refuses overlapping in-flight writes and frees on release', () => {
    const r = new RangeReservations();
    const release = r.reserve('u', { start: 0, end: 10 });
    const other = r.reserve('u', { start: 10, end: 20 }); // adjacent is fine
    r.reserve('v', { start: 0, end: 10 })(); // other uploads are independent
    let err: unknown;
    try {
      r.reserve('u', { start: 5, end: 15 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeConflictError);
    expect((err as RangeConflictError).inFlight).toBe(true);
    expect((err as RangeConflictError).conflicting).toEqual({ start: 0, end: 10 });
    expect(() => r.reserveAll('u')).toThrow(RangeConflictError);
    release();
    release();
    other();
    r.reserveAll('u')();
    expect(r.active('u')).toEqual([]);
  });
});
