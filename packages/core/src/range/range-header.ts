import { RangeNotSatisfiableError, RangeSyntaxError } from '../errors';
import { clip, parseDecimal } from './decimal';
import { MAX_RANGE_HEADER_LENGTH } from './content-range';
import type { Interval } from './interval';

/** One element of a `bytes=` range set, before it is resolved against a size. */
export type RangeSpec =
  | { readonly kind: 'from'; readonly first: number; readonly last: number | undefined }
  | { readonly kind: 'suffix'; readonly length: number };

/** At most this many ranges in one header: multi-range requests are a known amplification vector. */
export const MAX_RANGES = 64;

/**
 * Strict RFC 9110 `Range: bytes=…` (also EOS `x-upload-range`): `bytes=` then comma-separated
 * `first-last`, `first-` or `-suffix`; optional spaces only around commas (RFC 9110 list syntax).
 */
export function parseRangeHeader(value: string): RangeSpec[] {
  if (value.length > MAX_RANGE_HEADER_LENGTH * 4) throw new RangeSyntaxError('range header is too long', 'range');
  const eq = value.indexOf('=');
  if (eq < 0 || value.slice(0, eq).toLowerCase() !== 'bytes')
    throw new RangeSyntaxError(`range must start with "bytes=": "${clip(value)}"`, 'range');
  const parts = value.slice(eq + 1).split(',');
  if (parts.length > MAX_RANGES) throw new RangeSyntaxError(`more than ${MAX_RANGES} ranges`, 'range');
  return parts.map((raw, i) => {
    // list elements may be padded by optional whitespace, but never inside a range
    const part = i === 0 ? raw.replace(/ +$/, '') : raw.replace(/^ +| +$/g, '');
    const dash = part.indexOf('-');
    if (dash < 0 || part.indexOf('-', dash + 1) >= 0)
      throw new RangeSyntaxError(`malformed range "${clip(part)}"`, 'range');
    const left = part.slice(0, dash);
    const right = part.slice(dash + 1);
    if (left === '') return { kind: 'suffix', length: parseDecimal(right, 'suffix length') } as const;
    const first = parseDecimal(left, 'first byte position');
    const last = right === '' ? undefined : parseDecimal(right, 'last byte position');
    if (last !== undefined && last < first)
      throw new RangeSyntaxError(`first byte ${first} is after last byte ${last}`, 'range');
    return { kind: 'from', first, last } as const;
  });
}

/**
 * Resolves specs against a representation of `size` bytes (RFC 9110 §14.1.2): a range starting
 * at or beyond the end is dropped, an end beyond the size is clipped, overlapping or touching
 * ranges are merged. Throws RangeNotSatisfiable when nothing is left.
 */
export function resolveRanges(specs: readonly RangeSpec[], size: number): Interval[] {
  const out: Interval[] = [];
  for (const s of specs) {
    if (s.kind === 'suffix') {
      if (s.length > 0 && size > 0) out.push({ start: Math.max(0, size - s.length), end: size });
    } else if (s.first < size) {
      out.push({ start: s.first, end: Math.min(size, s.last === undefined ? size : s.last + 1) });
    }
  }
  if (out.length === 0) throw new RangeNotSatisfiableError('no requested range overlaps the content', size);
  out.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [out[0]!];
  for (let i = 1; i < out.length; i++) {
    const top = merged[merged.length - 1]!;
    const iv = out[i]!;
    if (iv.start <= top.end) merged[merged.length - 1] = { start: top.start, end: Math.max(top.end, iv.end) };
    else merged.push(iv);
  }
  return merged;
}

export function formatRangeHeader(ranges: readonly Interval[]): string {
  return `bytes=${ranges.map((r) => `${r.start}-${r.end - 1}`).join(',')}`;
}
