import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../scripts/assemble-wasm.mjs';
import { Adler32, fromBase64 } from '../../src/digest/index';
import { adler32Js } from '../../src/digest/adler32-loop';
import { type Adler32Loop, adler32Simd } from '../../src/digest/adler32-simd';
import { ADLER32_WASM } from '../../src/digest/adler32-simd.wasm';
import { randomBytes } from './helpers';

/** RFC 1950's definition, one byte at a time, reduced every byte. */
function textbook(data: Uint8Array, a = 1, b = 0): number {
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/** zlib's own Adler-32: the last 4 bytes of a zlib stream, big-endian. */
function zlibAdler(data: Uint8Array): number {
  const z = deflateSync(data, { level: 1 });
  return new DataView(z.buffer, z.byteOffset + z.length - 4).getUint32(0);
}

it('Node runs the WebAssembly SIMD loop, assembled from the adler32.wat in the repository', async () => {
  expect(adler32Simd()).toBeTypeOf('function');
  expect(fromBase64(ADLER32_WASM)).toEqual(await assemble());
});

// Both loops read 16-byte blocks in lanes and fold their sums every few KiB (the plain one from a
// 4-byte boundary): these are the inputs where a slip in that arithmetic would show.
const loops: [string, Adler32Loop][] = [
  ['plain JavaScript', adler32Js],
  ['WebAssembly SIMD', adler32Simd()!],
];
describe.each(loops)('Adler-32, %s', (_, loop) => {
  const adler = (data: Uint8Array, a = 1, b = 0) => loop(a, b, data) >>> 0;

  it('all 0xff (the largest lane sums) across many folds, from every byte offset', () => {
    const backing = new Uint8Array(3 * 5552 + 100 + 3).fill(0xff);
    for (let offset = 0; offset < 4; offset++)
      for (const length of [0, 1, 15, 16, 17, 63, 64, 65, 2047, 2048, 2049, 4095, 4096, 4097, 5552, 3 * 5552 + 100]) {
        const data = backing.subarray(offset, offset + length);
        expect(adler(data), `offset ${offset}, ${length} bytes`).toBe(textbook(data));
      }
  });

  it('continues from any reduced (A, B), the largest included', () => {
    const data = randomBytes(5000, 11).subarray(1);
    for (const [a, b] of [[0, 0], [65520, 65520], [1, 65520], [65520, 0]]) expect(adler(data, a, b)).toBe(textbook(data, a, b));
  });

  it('property: random data, lengths and offsets agree with the textbook loop', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 9000 }), fc.nat(3), (bytes, offset) => {
        const data = bytes.subarray(Math.min(offset, bytes.length));
        expect(adler(data)).toBe(textbook(data));
      }),
      { numRuns: 200 },
    );
  });

  it('1 MiB + 5 bytes of random bytes and of 0xff equal zlib’s value (more than one step of the module’s memory)', () => {
    for (const data of [randomBytes((1 << 20) + 5, 5), new Uint8Array((1 << 20) + 5).fill(0xff)]) expect(adler(data)).toBe(zlibAdler(data));
  });
});

it('the hasher gives the same value whichever loop each chunk takes', () => {
  const data = randomBytes(70_000, 3);
  const h = new Adler32();
  for (const [from, to] of [[0, 100], [100, 611], [611, 70_000]]) h.update(data.subarray(from, to)); // plain, SIMD, SIMD over two steps
  expect(h.value()).toBe(zlibAdler(data));
});
