import { type Interval, IntervalSet } from '@rangeway/core';

/** Bytes of a blob held in one object: blob interval [start, end) is object bytes from `offset`. */
export type Extent = {
  /** order of writing: where extents overlap, the higher seq wins */
  readonly seq: number;
  readonly start: number;
  readonly end: number;
  readonly object: string;
  readonly offset: number;
};

/** A stretch of a blob as readers see it: object bytes, or zeros where nothing was written. */
export type Piece = { readonly start: number; readonly end: number; readonly object?: string; readonly offset: number };

/**
 * What [range.start, range.end) of a blob reads as: the newest extent wherever extents overlap,
 * zeros in holes; pieces in order, covering the range exactly. Pure, so every instance computes
 * the same file from the same rows.
 */
export function layout(extents: readonly Extent[], range: Interval): Piece[] {
  const pieces: Piece[] = [];
  let covered = IntervalSet.EMPTY;
  for (const e of [...extents].sort((a, b) => b.seq - a.seq)) {
    const iv = { start: Math.max(e.start, range.start), end: Math.min(e.end, range.end) };
    if (iv.end <= iv.start) continue;
    for (const gap of uncovered(covered, iv)) pieces.push({ ...gap, object: e.object, offset: e.offset + (gap.start - e.start) });
    covered = covered.add(iv);
  }
  for (const gap of uncovered(covered, range)) pieces.push({ ...gap, offset: 0 });
  return pieces.sort((a, b) => a.start - b.start);
}

/** The parts of `iv` that `set` does not cover. */
function uncovered(set: IntervalSet, iv: Interval): Interval[] {
  if (iv.end <= iv.start) return [];
  return set
    .missing(iv.end)
    .map((g) => ({ start: Math.max(g.start, iv.start), end: g.end }))
    .filter((g) => g.end > g.start);
}
