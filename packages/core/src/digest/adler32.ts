import { BASE, adler32Js } from './adler32-loop';
import { adler32Simd } from './adler32-simd';
import { uint32ToBytes } from './encoding';
import type { PersistableHasher } from './hasher';
import { newState, openState, STATE_HEADER, STATE_KINDS } from './state';

/** Chunks below this go through the plain loop (at 64 bytes a call into WebAssembly already pays: 68 ns against 95). */
const SIMD_FROM = 64;

/** Adler-32 (RFC 1950), streaming. The value is (B << 16) | A; digest() is its 4 bytes big-endian. */
export class Adler32 implements PersistableHasher {
  readonly algorithm = 'adler32';
  private a = 1;
  private b = 0;
  private done = false;

  /** A hasher positioned after data whose Adler-32 is `value` (e.g. to continue from a stored part). */
  static fromValue(value: number): Adler32 {
    const h = new Adler32();
    h.setValue(value);
    return h;
  }

  static fromState(state: Uint8Array): Adler32 {
    const view = openState(state, STATE_KINDS.adler32, 4, 'adler32');
    if (state.length !== STATE_HEADER + 4) throw new TypeError('adler32 hasher state has the wrong length');
    return Adler32.fromValue(view.getUint32(STATE_HEADER));
  }

  update(chunk: Uint8Array): void {
    if (this.done) throw new Error('adler32 hasher used after digest()');
    const loop = chunk.length >= SIMD_FROM ? (adler32Simd() ?? adler32Js) : adler32Js;
    const value = loop(this.a, this.b, chunk);
    this.a = value & 0xffff;
    this.b = value >>> 16;
  }

  /** Current value as an unsigned 32-bit number; the hasher stays usable. */
  value(): number {
    return (this.b * 65536 + this.a) >>> 0;
  }

  digest(): Uint8Array {
    if (this.done) throw new Error('adler32 hasher used after digest()');
    this.done = true;
    return uint32ToBytes(this.value());
  }

  clone(): Adler32 {
    if (this.done) throw new Error('adler32 hasher used after digest()');
    return Adler32.fromValue(this.value());
  }

  exportState(): Uint8Array {
    if (this.done) throw new Error('adler32 hasher used after digest()');
    const { bytes, view } = newState(STATE_KINDS.adler32, 4);
    view.setUint32(STATE_HEADER, this.value());
    return bytes;
  }

  private setValue(value: number): void {
    const a = value & 0xffff;
    const b = value >>> 16;
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff || a >= BASE || b >= BASE) {
      throw new RangeError(`not an Adler-32 value: ${value}`);
    }
    this.a = a;
    this.b = b;
  }
}

/**
 * Adler-32 of X‖Y from adler32(X), adler32(Y) and |Y| (zlib's adler32_combine), without the data.
 * With n = |Y| mod BASE: A = A_X + A_Y − 1, B = B_X + B_Y + n·(A_X − 1), both mod BASE.
 */
export function adler32Combine(a: number, b: number, lengthOfB: number): number {
  if (!Number.isSafeInteger(lengthOfB) || lengthOfB < 0) throw new RangeError(`bad length: ${lengthOfB}`);
  const n = lengthOfB % BASE;
  const a1 = a & 0xffff;
  const b1 = a >>> 16;
  const a2 = b & 0xffff;
  const b2 = b >>> 16;
  // every intermediate is below 2^33, exact in a double; inputs need not be reduced
  const sumA = (a1 + a2 + BASE - 1) % BASE;
  const sumB = (b1 + b2 + n * ((a1 + BASE - 1) % BASE)) % BASE;
  return (sumB * 65536 + sumA) >>> 0;
}
