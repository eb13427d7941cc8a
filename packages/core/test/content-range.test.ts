import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RangeSyntaxError,
  formatContentRange,
  parseContentRange,
  parseDecimal,
} from '../src/index';

describe('parseContentRange', () => {
  it('parses every form the dialects send', () => {
    expect(parseContentRange('bytes 0-1023/2285')).toEqual({ kind: 'range', first: 0, last: 1023, total: 2285 });
    expect(parseContentRange('bytes 0-10485759/*')).toEqual({ kind: 'range', first: 0, last: 10485759, total: undefined });
    expect(parseContentRange('bytes */52428800')).toEqual({ kind: 'unsatisfied', total: 52428800 });
    expect(parseContentRange('bytes */*')).toEqual({ kind: 'unsatisfied', total: undefined });
    expect(parseContentRange('Bytes 1-1/2')).toEqual({ kind: 'range', first: 1, last: 1, total: 2 });
  });

  it('accepts the unit-less Box sample only when asked', () => {
    const v = '8388608-16777215/445856194';
    expect(parseContentRange(v, { unitOptional: true })).toEqual({
      kind: 'range',
      first: 8388608,
      last: 16777215,
      total: 445856194,
    });
    expect(() => parseContentRange(v)).toThrow(RangeSyntaxError);
  });

  it.each([
    ['negative', 'bytes -1-5/10'],
    ['first after last', 'bytes 6-5/10'],
    ['end beyond total', 'bytes 0-10/10'],
    ['above 2^53-1', 'bytes 0-9007199254740992/9007199254740993'],
    ['leading plus', 'bytes +0-5/10'],
    ['double space', 'bytes  0-5/10'],
    ['tab', 'bytes\t0-5/10'],
    ['space inside', 'bytes 0 -5/10'],
    ['trailing space', 'bytes 0-5/10 '],
    ['empty first', 'bytes -5/10'],
    ['empty last', 'bytes 0-/10'],
    ['empty total', 'bytes 0-5/'],
    ['missing slash', 'bytes 0-5'],
    ['two slashes', 'bytes 0-5/10/10'],
    ['other unit', 'items 0-5/10'],
    ['eq form', 'bytes=0-5/10'],
    ['hex', 'bytes 0x0-5/10'],
    ['exponent', 'bytes 0-1e3/10000'],
    ['empty', ''],
    ['huge header', `bytes 0-1/${'9'.repeat(300)}`],
  ])('rejects %s', (_, value) => {
    expect(() => parseContentRange(value)).toThrow(RangeSyntaxError);
  });

  it('round-trips through format (property)', () => {
    const arb = fc
      .tuple(fc.nat({ max: Number.MAX_SAFE_INTEGER - 2 }), fc.nat({ max: 1 << 30 }), fc.nat({ max: 1 << 30 }), fc.boolean())
      .filter(([first, len, extra]) => first + len + extra + 1 <= Number.MAX_SAFE_INTEGER)
      .map(([first, len, extra, star]) => ({
        kind: 'range' as const,
        first,
        last: first + len,
        total: star ? undefined : first + len + extra + 1,
      }));
    fc.assert(
      fc.property(arb, (r) => {
        expect(parseContentRange(formatContentRange(r))).toEqual(r);
        expect(parseContentRange(formatContentRange(r, false), { unitOptional: true })).toEqual(r);
      }),
    );
  });

  it('never throws anything but a RangeSyntaxError on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseContentRange(s, { unitOptional: true });
        } catch (e) {
          expect(e).toBeInstanceOf(RangeSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDecimal', () => {
  it('accepts the full safe range and nothing else', () => {
    expect(parseDecimal('0')).toBe(0);
    expect(parseDecimal('007')).toBe(7);
    expect(parseDecimal('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['', ' 1', '1 ', '+1', '-1', '1.0', '9007199254740992', '٣', '0000000000000000001'])
      expect(() => parseDecimal(bad)).toThrow(RangeSyntaxError);
  });
});
