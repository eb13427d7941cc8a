import { describe, expect, it } from 'vitest';
import { Adler32, Crc32c, DIGEST_ALGORITHMS, DIGEST_LENGTHS, pureHashers, toBase64, toHex } from '../../src/digest/index';
import { ascii, hexOf, mod251 } from './helpers';

const MILLION_A = new Uint8Array(1_000_000).fill(0x61);
const M448 = ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
const M896 = ascii(
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
);

describe('SHA-1 (FIPS 180-2 / NIST examples)', () => {
  it.each([
    ['empty', new Uint8Array(0), 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', ascii('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['448-bit', M448, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['896-bit', M896, 'a49b2446a02c645bf419f995b67091253a04a259'],
    ['1,000,000 × a', MILLION_A, '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
  ])('%s', (_, input, hex) => {
    expect(hexOf('sha1', input)).toBe(hex);
  });
});

describe('SHA-256 (FIPS 180-2 / NIST examples)', () => {
  it.each([
    ['empty', new Uint8Array(0), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', ascii('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['448-bit', M448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['896-bit', M896, 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1'],
    ['1,000,000 × a', MILLION_A, 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('%s', (_, input, hex) => {
    expect(hexOf('sha256', input)).toBe(hex);
  });
});

describe('MD5 (RFC 1321 test suite)', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('%j', (input, hex) => {
    expect(hexOf('md5', ascii(input))).toBe(hex);
  });

  it('1,000,000 × a', () => {
    expect(hexOf('md5', MILLION_A)).toBe('7707d6ae4e027c70eea2a935c2296f21');
  });
});

describe('Adler-32 against the byte-by-byte definition (RFC 1950)', () => {
  const reference = (data: Uint8Array) => {
    let a = 1;
    let b = 0;
    for (const x of data) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    return ((b << 16) | a) >>> 0;
  };
  // all-0xff is the worst case for the deferred reductions; odd lengths exercise the 16-byte tail
  const inputs = {
    'all 0xff, 3 reduction blocks + 7': new Uint8Array(3 * 5552 + 7).fill(0xff),
    'pseudo-random, 100 003 bytes': Uint8Array.from({ length: 100_003 }, (_, i) => (i * 2654435761) >>> 24),
  };
  it.each(Object.entries(inputs))('%s', (_, data) => {
    for (const cut of [0, 1, 15, 16, 17, 5551, 5553]) {
      const a = new Adler32();
      a.update(data.subarray(0, cut));
      a.update(data.subarray(cut));
      expect(a.value()).toBe(reference(data));
    }
  });
});

describe('EOS test vectors (eos.md §12): Adler-32 and MD5', () => {
  const rows: [string, () => Uint8Array, string, string, string][] = [
    ['empty', () => new Uint8Array(0), '00000001', 'AAAAAQ==', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', () => ascii('a'), '00620062', 'AGIAYg==', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', () => ascii('abc'), '024d0127', 'Ak0BJw==', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', () => ascii('message digest'), '29750586', 'KXUFhg==', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['Wikipedia', () => ascii('Wikipedia'), '11e60398', 'EeYDmA==', '9c677286866aad38f8e9b660f5411814'],
    ['alphabet', () => ascii('abcdefghijklmnopqrstuvwxyz'), '90860b20', 'kIYLIA==', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['1 MiB of 0x00', () => new Uint8Array(1 << 20), '00f00001', 'APAAAQ==', 'b6d81b360a5672d80c27430f39153e2c'],
    ['32 MiB of 0x00', () => new Uint8Array(32 << 20), '1e000001', 'HgAAAQ==', '58f06dd588d8ffb3beb46ada6309436b'],
    ['i mod 251, 2285 bytes', () => mod251(2285), '121f5089', 'Eh9QiQ==', '2f7cc634b720c690dac539a354dacf8e'],
  ];

  it.each(rows)('%s', (_, make, adler, repr, md5) => {
    const data = make();
    const a = new Adler32();
    a.update(data);
    expect(a.value()).toBe(parseInt(adler, 16));
    const d = a.digest();
    expect(toHex(d)).toBe(adler);
    expect(toBase64(d)).toBe(repr);
    expect(hexOf('md5', data)).toBe(md5);
  });

  it('§11 pieces', () => {
    const file = mod251(2285);
    expect(hexOf('adler32', file.subarray(0, 1024))).toBe('64b8eb0a');
    expect(hexOf('adler32', file.subarray(1024, 2048))).toBe('dab5ec9a');
    expect(hexOf('adler32', file.subarray(2048))).toBe('bceb78c9');
    // §11 C: zeros in 0…2047 followed by piece 2; and pieces 0 + 2 with the middle missing
    const holes = file.slice();
    holes.fill(0, 0, 2048);
    expect(hexOf('adler32', holes)).toBe('c4eb78c9');
    const middle = file.slice();
    middle.fill(0, 1024, 2048);
    expect(hexOf('adler32', middle)).toBe('24e163e1');
  });
});

describe('CRC-32C', () => {
  it('check value of "123456789" is e3069283', () => {
    const c = new Crc32c();
    c.update(ascii('123456789'));
    expect(c.value()).toBe(0xe3069283);
    expect(toHex(c.digest())).toBe('e3069283');
  });

  // RFC 3720 §B.4 lists the CRC bytes as sent on the wire, least significant first
  const wire = (bytes: string) => toHex(Uint8Array.from(bytes.split(' ').map((b) => parseInt(b, 16))).reverse());
  it.each([
    ['32 bytes of zeros', new Uint8Array(32), 'aa 36 91 8a'],
    ['32 bytes of 0xff', new Uint8Array(32).fill(0xff), '43 ab a8 62'],
    ['32 incrementing bytes', Uint8Array.from({ length: 32 }, (_, i) => i), '4e 79 dd 46'],
    ['32 decrementing bytes', Uint8Array.from({ length: 32 }, (_, i) => 31 - i), '5c db 3f 11'],
    [
      'iSCSI read PDU',
      Uint8Array.from(
        '01c000000000000000000000000000001400000000000400000000140000001828000000000000000200000000000000'.match(/../g)!,
        (h) => parseInt(h, 16),
      ),
      '56 3a 96 d9',
    ],
  ])('RFC 3720: %s', (_, input, crc) => {
    expect(hexOf('crc32c', input)).toBe(wire(crc));
  });

  it('empty input is 00000000', () => {
    expect(hexOf('crc32c', new Uint8Array(0))).toBe('00000000');
  });
});

describe('factory', () => {
  it('creates every algorithm with the advertised digest length', () => {
    for (const alg of DIGEST_ALGORITHMS) {
      const h = pureHashers.create(alg);
      expect(h.algorithm).toBe(alg);
      expect(h.digest().length).toBe(DIGEST_LENGTHS[alg]);
    }
  });
});
