import type { Interval } from './interval';

/**
 * Checks a part against a fixed-size layout: it starts on a multiple of `partSize` and is exactly
 * `partSize` long, except the last part, which ends at `total`. Returns why not, or undefined.
 */
export function checkFixedPart(iv: Interval, total: number, partSize: number): string | undefined {
  if (iv.end > total) return `the part ends past the file size ${total}`;
  if (iv.start % partSize !== 0) return `a part must start at a multiple of the part size ${partSize}`;
  const expected = Math.min(partSize, total - iv.start);
  if (iv.end - iv.start !== expected) return `this part must be ${expected} bytes`;
  return undefined;
}
