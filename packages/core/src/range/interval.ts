import type { Interval } from '../errors';

export type { Interval };

/**
 * Internally every byte range is a half-open interval [start, end). Headers use inclusive
 * "first-last" positions; these helpers are the only place the two meet.
 */
export function fromInclusive(first: number, last: number): Interval {
  return { start: first, end: last + 1 };
}

export function lastOf(iv: Interval): number {
  return iv.end - 1;
}

export function lengthOf(iv: Interval): number {
  return iv.end - iv.start;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export function formatInclusive(iv: Interval): string {
  return `${iv.start}-${iv.end - 1}`;
}
