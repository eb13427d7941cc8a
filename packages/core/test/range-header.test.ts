import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RangeNotSatisfiableError,
  RangeSyntaxError,
  formatRangeHeader,
  parseRangeHeader,
  resolveRanges,
} from '../src/index';

describe('parseRangeHeader / resolveRanges', () => {
  it('parses EOS x-upload-range and HTTP Range forms', () => {
    expect(parseRangeHeader('bytes=0-1023')).toEqual([{ kind: 'from', first: 0, last: 1023 }]);
    expect(parseRangeHeader('bytes=2048-')).toEqual([{ kind: 'from', first: 2048, last: undefined }]);
    expect(parseRangeHeader('bytes=-500')).toEqual([{ kind: 'suffix', length: 500 }]);
    expect(parseRangeHeader('bytes=0-1, 5-6')).toHaveLength(2);
  });

  it.each(['bytes 0-1', 'bytes=', 'bytes=1', 'bytes=a-b', 'bytes=5-1', 'bytes=+1-2', 'bytes=1-2-3', 'bytes= 0-1', 'bits=0-1'])(
    'rejects %s',
    (v) => {
      expect(() => parseRangeHeader(v)).toThrow(RangeSyntaxError);
    },
  );

  it('resolves against a size: clips ends, drops ranges past the end, merges', () => {
    expect(resolveRanges(parseRangeHeader('bytes=2048-3000'), 2285)).toEqual([{ start: 2048, end: 2285 }]);
    expect(resolveRanges(parseRangeHeader('bytes=-100'), 50)).toEqual([{ start: 0, end: 50 }]);
    expect(resolveRanges(parseRangeHeader('bytes=0-9,10-19,5-12,100-'), 50)).toEqual([{ start: 0, end: 20 }]);
    expect(() => resolveRanges(parseRangeHeader('bytes=2285-2300'), 2285)).toThrow(RangeNotSatisfiableError);
    expect(() => resolveRanges(parseRangeHeader('bytes=-0'), 10)).toThrow(RangeNotSatisfiableError);
  });

  it('round-trips resolved ranges (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 2000 }), (pairs, size) => {
        const header = `bytes=${pairs.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`).join(',')}`;
        let resolved;
        try {
          resolved = resolveRanges(parseRangeHeader(header), size);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeNotSatisfiableError);
          expect(pairs.every(([a, b]) => Math.min(a, b) >= size)).toBe(true);
          return;
        }
        expect(resolveRanges(parseRangeHeader(formatRangeHeader(resolved)), size)).toEqual(resolved);
        for (let i = 1; i < resolved.length; i++) expect(resolved[i]!.start).toBeGreaterThan(resolved[i - 1]!.end);
      }),
    );
  });
});
