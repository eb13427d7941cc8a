import { uint32ToBytes } from './encoding';
import type { PersistableHasher } from './hasher';
import { newState, openState, STATE_HEADER, STATE_KINDS } from './state';

const BASE = 65521;
/** Largest n with 255·n(n+1)/2 + (n+1)(BASE-1) < 2^32 (zlib): sums stay exact between reductions. */
const NMAX = 5552;

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
    let a = this.a;
    let b = this.b;
    const len = chunk.length;
    for (let pos = 0; pos < len; ) {
      const end = Math.min(pos + NMAX, len);
      // 16 bytes per iteration in block form: over bytes x0..x15, A grows by their sum and B by
      // 16·A + 16·x0 + 15·x1 + … + 1·x15, which is what sixteen byte steps do, but as two
      // independent sums instead of one long chain of dependent adds (~1.5x the byte loop)
      for (const end16 = end - ((end - pos) % 16); pos < end16; pos += 16) {
        const x0 = chunk[pos]!;
        const x1 = chunk[pos + 1]!;
        const x2 = chunk[pos + 2]!;
        const x3 = chunk[pos + 3]!;
        const x4 = chunk[pos + 4]!;
        const x5 = chunk[pos + 5]!;
        const x6 = chunk[pos + 6]!;
        const x7 = chunk[pos + 7]!;
        const x8 = chunk[pos + 8]!;
        const x9 = chunk[pos + 9]!;
        const x10 = chunk[pos + 10]!;
        const x11 = chunk[pos + 11]!;
        const x12 = chunk[pos + 12]!;
        const x13 = chunk[pos + 13]!;
        const x14 = chunk[pos + 14]!;
        const x15 = chunk[pos + 15]!;
        b += (a << 4) + 16 * x0 + 15 * x1 + 14 * x2 + 13 * x3 + 12 * x4 + 11 * x5 + 10 * x6 + 9 * x7;
        b += 8 * x8 + 7 * x9 + 6 * x10 + 5 * x11 + 4 * x12 + 3 * x13 + 2 * x14 + x15;
        a += x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 + x13 + x14 + x15;
      }
      for (; pos < end; pos++) {
        a += chunk[pos]!;
        b += a;
      }
      a %= BASE;
      b %= BASE;
    }
    this.a = a;
    this.b = b;
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
