import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adler32, Crc32c, adler32Combine, crc32cCombine, type Hasher } from '../../src/digest/index';
import { mod251 } from './helpers';

function valueOf<H extends Hasher & { value(): number }>(h: H, data: Uint8Array): number {
  h.update(data);
  return h.value();
}
const adler = (d: Uint8Array) => valueOf(new Adler32(), d);
const crc = (d: Uint8Array) => valueOf(new Crc32c(), d);

describe('adler32Combine', () => {
  it('eos.md §11: three pieces combine to 121f5089', () => {
    const ab = adler32Combine(0x64b8eb0a, 0xdab5ec9a, 1024);
    expect(adler32Combine(ab, 0xbceb78c9, 237)).toBe(0x121f5089);
  });

  it('property: equals the direct value for any split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.nat(), (data, cut) => {
        const at = cut % (data.length + 1);
        const x = data.subarray(0, at);
        const y = data.subarray(at);
        expect(adler32Combine(adler(x), adler(y), y.length)).toBe(adler(data));
      }),
      { numRuns: 200 },
    );
  });

  it('long runs of 0xff (sums near the reduction limits)', () => {
    const data = new Uint8Array(200_000).fill(0xff);
    expect(adler32Combine(adler(data.subarray(0, 77_777)), adler(data.subarray(77_777)), 200_000 - 77_777)).toBe(adler(data));
  });

  it('huge lengths: Y = 2^53 - 1 zero bytes, checked against the closed form', () => {
    // zeros leave A unchanged and add A to B once per byte: value(X‖0^n) has B = B_X + n·A_X
    const n = Number.MAX_SAFE_INTEGER;
    const x = 0x024d0127; // "abc": A = 0x0127, B = 0x024d
    const zeros = (n % 65521) * 65536 + 1; // Adler-32 of n zero bytes: A = 1, B = n
    const expectedB = (0x024d + (n % 65521) * 0x0127) % 65521;
    expect(adler32Combine(x, zeros, n)).toBe(expectedB * 65536 + 0x0127);
    expect(adler32Combine(0xfff0fff0, 0xfff0fff0, n)).toBeGreaterThanOrEqual(0); // unsigned result
    expect(() => adler32Combine(x, 1, -1)).toThrow(RangeError);
    expect(() => adler32Combine(x, 1, 2 ** 53)).toThrow(RangeError);
  });

  it('continuing a hasher from a combined value', () => {
    const file = mod251(2285);
    const h = Adler32.fromValue(adler32Combine(0x64b8eb0a, 0xdab5ec9a, 1024));
    h.update(file.subarray(2048));
    expect(h.value()).toBe(0x121f5089);
  });
});

describe('crc32cCombine', () => {
  it('property: equals the direct value for any split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5_000 }), fc.nat(), (data, cut) => {
        const at = cut % (data.length + 1);
        const x = data.subarray(0, at);
        const y = data.subarray(at);
        expect(crc32cCombine(crc(x), crc(y), y.length)).toBe(crc(data));
      }),
      { numRuns: 200 },
    );
  });

  it('large zero runs agree with direct hashing', () => {
    const zeros = new Uint8Array(3_000_001);
    const head = new TextEncoder().encode('123456789');
    const direct = new Crc32c();
    direct.update(head);
    direct.update(zeros);
    expect(crc32cCombine(0xe3069283, crc(zeros), zeros.length)).toBe(direct.value());
  });

  it('accepts lengths up to 2^53 - 1', () => {
    const v = crc32cCombine(0xe3069283, 0, Number.MAX_SAFE_INTEGER);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(0xffffffff);
    expect(() => crc32cCombine(0, 0, 2 ** 53)).toThrow(RangeError);
  });
});
