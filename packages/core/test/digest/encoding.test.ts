import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex, uint32FromBytes, uint32ToBytes, utf8 } from '../../src/digest/index';

describe('hex', () => {
  it('round trips and accepts either case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(fromHex(toHex(b))).toEqual(b);
      }),
    );
    expect(toHex(new Uint8Array([0, 0xab, 0xff]))).toBe('00abff');
    expect(toHex(new Uint8Array([0, 0xab, 0xff]), true)).toBe('00ABFF');
    expect(fromHex('00AbfF')).toEqual(new Uint8Array([0, 0xab, 0xff]));
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it.each(['abc', '0g', 'zz', '0x12', '12 3', 'é1'])('rejects %j', (s) => {
    expect(() => fromHex(s)).toThrow(TypeError);
  });
});

describe('base64', () => {
  it('RFC 4648 §10 vectors', () => {
    const cases = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of cases) {
      expect(toBase64(utf8(plain!))).toBe(b64);
      expect(fromBase64(b64!)).toEqual(utf8(plain!));
    }
  });

  it('round trips, including large inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(fromBase64(toBase64(b))).toEqual(b);
      }),
    );
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff);
    expect(fromBase64(toBase64(big))).toEqual(big);
  });

  it('uses the standard alphabet', () => {
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
    expect(fromBase64('+/8=')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it.each([
    ['Zg', 'missing padding'],
    ['Zg=', 'short padding'],
    ['Zg===', 'too much padding'],
    ['Z===', 'impossible length'],
    ['Zh==', 'non-zero unused bits'],
    ['Zm9=', 'non-zero unused bits (one pad)'],
    ['Zm=v', 'padding in the middle'],
    ['-_8=', 'url-safe alphabet'],
    ['Zm9v Yg==', 'whitespace'],
    ['Zm9v\nYg==', 'newline'],
    ['Zm9vYgé=', 'non-ASCII'],
    ['====', 'only padding'],
  ])('strict mode rejects %j (%s)', (s) => {
    expect(() => fromBase64(s)).toThrow(TypeError);
  });

  it('lenient mode accepts missing padding and unused bits, still rejects bad characters', () => {
    expect(fromBase64('Zg', 'lenient')).toEqual(utf8('f'));
    expect(fromBase64('Zm8', 'lenient')).toEqual(utf8('fo'));
    expect(fromBase64('Zh==', 'lenient')).toEqual(utf8('f'));
    expect(() => fromBase64('Z', 'lenient')).toThrow(TypeError);
    expect(() => fromBase64('Zg=', 'lenient')).toThrow(TypeError);
    expect(() => fromBase64('Z-g=', 'lenient')).toThrow(TypeError);
  });
});

describe('utf8 and uint32', () => {
  it('encodes UTF-8', () => {
    expect(utf8('é€')).toEqual(new Uint8Array([0xc3, 0xa9, 0xe2, 0x82, 0xac]));
  });

  it('uint32 big-endian both ways', () => {
    expect(uint32ToBytes(0xe3069283)).toEqual(new Uint8Array([0xe3, 0x06, 0x92, 0x83]));
    expect(uint32FromBytes(new Uint8Array([0xe3, 0x06, 0x92, 0x83]))).toBe(0xe3069283);
    expect(() => uint32FromBytes(new Uint8Array(3))).toThrow(RangeError);
  });
});
