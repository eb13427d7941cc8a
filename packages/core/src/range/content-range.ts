import { RangeSyntaxError } from '../errors';
import { clip, parseDecimal } from './decimal';
import type { Interval } from './interval';

/** Parsed Content-Range. `total` is undefined for the `/*` form. */
export type ContentRange =
  | { readonly kind: 'range'; readonly first: number; readonly last: number; readonly total: number | undefined }
  /** `bytes *\/total` or `bytes *\/*`: no bytes, used by status queries and 416 answers */
  | { readonly kind: 'unsatisfied'; readonly total: number | undefined };

export type ContentRangeOptions = {
  /**
   * Accept the unit-less form `8388608-16777215/445856194` seen in a Box sample.
   * The unit, when present, must still be `bytes`.
   */
  readonly unitOptional?: boolean;
};

/** Header values longer than this are refused before any parsing work. */
export const MAX_RANGE_HEADER_LENGTH = 200;

/**
 * Strict RFC 9110 Content-Range: `bytes first-last/total`, `bytes first-last/*`, `bytes *\/total`.
 * The unit is compared case-insensitively (RFC 9110 §14.1); exactly one space separates it
 * from the range; no other whitespace anywhere; numbers are plain decimals ≤ 2^53−1;
 * first ≤ last < total.
 */
export function parseContentRange(value: string, options: ContentRangeOptions = {}): ContentRange {
  if (value.length > MAX_RANGE_HEADER_LENGTH) throw new RangeSyntaxError('Content-Range is too long', 'content-range');
  let rest = value;
  const space = value.indexOf(' ');
  if (space >= 0) {
    if (value.slice(0, space).toLowerCase() !== 'bytes')
      throw new RangeSyntaxError(`unsupported range unit in "${clip(value)}"`, 'content-range');
    rest = value.slice(space + 1);
  } else if (!options.unitOptional) {
    throw new RangeSyntaxError(`Content-Range must start with "bytes ": "${clip(value)}"`, 'content-range');
  }
  const slash = rest.indexOf('/');
  if (slash < 0 || rest.indexOf('/', slash + 1) >= 0)
    throw new RangeSyntaxError(`Content-Range needs exactly one "/": "${clip(value)}"`, 'content-range');
  const rangePart = rest.slice(0, slash);
  const totalPart = rest.slice(slash + 1);
  const total = totalPart === '*' ? undefined : parseDecimal(totalPart, 'total length');
  if (rangePart === '*') return { kind: 'unsatisfied', total };
  const dash = rangePart.indexOf('-');
  if (dash < 0 || rangePart.indexOf('-', dash + 1) >= 0)
    throw new RangeSyntaxError(`range must be "first-last": "${clip(value)}"`, 'content-range');
  const first = parseDecimal(rangePart.slice(0, dash), 'first byte position');
  const last = parseDecimal(rangePart.slice(dash + 1), 'last byte position');
  if (first > last) throw new RangeSyntaxError(`first byte ${first} is after last byte ${last}`, 'content-range');
  if (total !== undefined && last >= total)
    throw new RangeSyntaxError(`last byte ${last} is not below the total length ${total}`, 'content-range');
  return { kind: 'range', first, last, total };
}

export function formatContentRange(range: ContentRange, unit = true): string {
  const total = range.total === undefined ? '*' : String(range.total);
  const body = range.kind === 'unsatisfied' ? `*/${total}` : `${range.first}-${range.last}/${total}`;
  return unit ? `bytes ${body}` : body;
}

/** The half-open interval a `range` Content-Range covers. */
export function contentRangeInterval(range: ContentRange & { kind: 'range' }): Interval {
  return { start: range.first, end: range.last + 1 };
}
