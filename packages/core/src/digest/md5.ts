import { BlockHasher } from './block-hasher';
import { STATE_KINDS } from './state';

const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

/**
 * MD5 (RFC 1321), streaming. Broken for collisions, but EOS directories and Content-MD5 use it.
 * The 64 steps are unrolled with the message words in locals: MD5 has no message schedule, and
 * an unrolled body lets the JIT keep every value in a register.
 */
export class Md5 extends BlockHasher {
  readonly algorithm = 'md5';

  constructor() {
    super(IV, true, STATE_KINDS.md5);
  }

  static fromState(state: Uint8Array): Md5 {
    return new Md5().restoreFrom(state);
  }

  clone(): Md5 {
    return new Md5().copyFrom(this);
  }

  protected blocks(view: DataView, pos: number, end: number): void {
    const s = this.h;
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    let t: number;
    for (; pos < end; pos += 64) {
      const x0 = view.getInt32(pos + 0, true);
      const x1 = view.getInt32(pos + 4, true);
      const x2 = view.getInt32(pos + 8, true);
      const x3 = view.getInt32(pos + 12, true);
      const x4 = view.getInt32(pos + 16, true);
      const x5 = view.getInt32(pos + 20, true);
      const x6 = view.getInt32(pos + 24, true);
      const x7 = view.getInt32(pos + 28, true);
      const x8 = view.getInt32(pos + 32, true);
      const x9 = view.getInt32(pos + 36, true);
      const x10 = view.getInt32(pos + 40, true);
      const x11 = view.getInt32(pos + 44, true);
      const x12 = view.getInt32(pos + 48, true);
      const x13 = view.getInt32(pos + 52, true);
      const x14 = view.getInt32(pos + 56, true);
      const x15 = view.getInt32(pos + 60, true);
      const a0 = a, b0 = b, c0 = c, d0 = d;
      t = (a + (d ^ (b & (c ^ d))) + x0 + 0xd76aa478) | 0;
      a = (((t << 7) | (t >>> 25)) + b) | 0;
      t = (d + (c ^ (a & (b ^ c))) + x1 + 0xe8c7b756) | 0;
      d = (((t << 12) | (t >>> 20)) + a) | 0;
      t = (c + (b ^ (d & (a ^ b))) + x2 + 0x242070db) | 0;
      c = (((t << 17) | (t >>> 15)) + d) | 0;
      t = (b + (a ^ (c & (d ^ a))) + x3 + 0xc1bdceee) | 0;
      b = (((t << 22) | (t >>> 10)) + c) | 0;
      t = (a + (d ^ (b & (c ^ d))) + x4 + 0xf57c0faf) | 0;
      a = (((t << 7) | (t >>> 25)) + b) | 0;
      t = (d + (c ^ (a & (b ^ c))) + x5 + 0x4787c62a) | 0;
      d = (((t << 12) | (t >>> 20)) + a) | 0;
      t = (c + (b ^ (d & (a ^ b))) + x6 + 0xa8304613) | 0;
      c = (((t << 17) | (t >>> 15)) + d) | 0;
      t = (b + (a ^ (c & (d ^ a))) + x7 + 0xfd469501) | 0;
      b = (((t << 22) | (t >>> 10)) + c) | 0;
      t = (a + (d ^ (b & (c ^ d))) + x8 + 0x698098d8) | 0;
      a = (((t << 7) | (t >>> 25)) + b) | 0;
      t = (d + (c ^ (a & (b ^ c))) + x9 + 0x8b44f7af) | 0;
      d = (((t << 12) | (t >>> 20)) + a) | 0;
      t = (c + (b ^ (d & (a ^ b))) + x10 + 0xffff5bb1) | 0;
      c = (((t << 17) | (t >>> 15)) + d) | 0;
      t = (b + (a ^ (c & (d ^ a))) + x11 + 0x895cd7be) | 0;
      b = (((t << 22) | (t >>> 10)) + c) | 0;
      t = (a + (d ^ (b & (c ^ d))) + x12 + 0x6b901122) | 0;
      a = (((t << 7) | (t >>> 25)) + b) | 0;
      t = (d + (c ^ (a & (b ^ c))) + x13 + 0xfd987193) | 0;
      d = (((t << 12) | (t >>> 20)) + a) | 0;
      t = (c + (b ^ (d & (a ^ b))) + x14 + 0xa679438e) | 0;
      c = (((t << 17) | (t >>> 15)) + d) | 0;
      t = (b + (a ^ (c & (d ^ a))) + x15 + 0x49b40821) | 0;
      b = (((t << 22) | (t >>> 10)) + c) | 0;
      t = (a + (c ^ (d & (b ^ c))) + x1 + 0xf61e2562) | 0;
      a = (((t << 5) | (t >>> 27)) + b) | 0;
      t = (d + (b ^ (c & (a ^ b))) + x6 + 0xc040b340) | 0;
      d = (((t << 9) | (t >>> 23)) + a) | 0;
      t = (c + (a ^ (b & (d ^ a))) + x11 + 0x265e5a51) | 0;
      c = (((t << 14) | (t >>> 18)) + d) | 0;
      t = (b + (d ^ (a & (c ^ d))) + x0 + 0xe9b6c7aa) | 0;
      b = (((t << 20) | (t >>> 12)) + c) | 0;
      t = (a + (c ^ (d & (b ^ c))) + x5 + 0xd62f105d) | 0;
      a = (((t << 5) | (t >>> 27)) + b) | 0;
      t = (d + (b ^ (c & (a ^ b))) + x10 + 0x02441453) | 0;
      d = (((t << 9) | (t >>> 23)) + a) | 0;
      t = (c + (a ^ (b & (d ^ a))) + x15 + 0xd8a1e681) | 0;
      c = (((t << 14) | (t >>> 18)) + d) | 0;
      t = (b + (d ^ (a & (c ^ d))) + x4 + 0xe7d3fbc8) | 0;
      b = (((t << 20) | (t >>> 12)) + c) | 0;
      t = (a + (c ^ (d & (b ^ c))) + x9 + 0x21e1cde6) | 0;
      a = (((t << 5) | (t >>> 27)) + b) | 0;
      t = (d + (b ^ (c & (a ^ b))) + x14 + 0xc33707d6) | 0;
      d = (((t << 9) | (t >>> 23)) + a) | 0;
      t = (c + (a ^ (b & (d ^ a))) + x3 + 0xf4d50d87) | 0;
      c = (((t << 14) | (t >>> 18)) + d) | 0;
      t = (b + (d ^ (a & (c ^ d))) + x8 + 0x455a14ed) | 0;
      b = (((t << 20) | (t >>> 12)) + c) | 0;
      t = (a + (c ^ (d & (b ^ c))) + x13 + 0xa9e3e905) | 0;
      a = (((t << 5) | (t >>> 27)) + b) | 0;
      t = (d + (b ^ (c & (a ^ b))) + x2 + 0xfcefa3f8) | 0;
      d = (((t << 9) | (t >>> 23)) + a) | 0;
      t = (c + (a ^ (b & (d ^ a))) + x7 + 0x676f02d9) | 0;
      c = (((t << 14) | (t >>> 18)) + d) | 0;
      t = (b + (d ^ (a & (c ^ d))) + x12 + 0x8d2a4c8a) | 0;
      b = (((t << 20) | (t >>> 12)) + c) | 0;
      t = (a + (b ^ c ^ d) + x5 + 0xfffa3942) | 0;
      a = (((t << 4) | (t >>> 28)) + b) | 0;
      t = (d + (a ^ b ^ c) + x8 + 0x8771f681) | 0;
      d = (((t << 11) | (t >>> 21)) + a) | 0;
      t = (c + (d ^ a ^ b) + x11 + 0x6d9d6122) | 0;
      c = (((t << 16) | (t >>> 16)) + d) | 0;
      t = (b + (c ^ d ^ a) + x14 + 0xfde5380c) | 0;
      b = (((t << 23) | (t >>> 9)) + c) | 0;
      t = (a + (b ^ c ^ d) + x1 + 0xa4beea44) | 0;
      a = (((t << 4) | (t >>> 28)) + b) | 0;
      t = (d + (a ^ b ^ c) + x4 + 0x4bdecfa9) | 0;
      d = (((t << 11) | (t >>> 21)) + a) | 0;
      t = (c + (d ^ a ^ b) + x7 + 0xf6bb4b60) | 0;
      c = (((t << 16) | (t >>> 16)) + d) | 0;
      t = (b + (c ^ d ^ a) + x10 + 0xbebfbc70) | 0;
      b = (((t << 23) | (t >>> 9)) + c) | 0;
      t = (a + (b ^ c ^ d) + x13 + 0x289b7ec6) | 0;
      a = (((t << 4) | (t >>> 28)) + b) | 0;
      t = (d + (a ^ b ^ c) + x0 + 0xeaa127fa) | 0;
      d = (((t << 11) | (t >>> 21)) + a) | 0;
      t = (c + (d ^ a ^ b) + x3 + 0xd4ef3085) | 0;
      c = (((t << 16) | (t >>> 16)) + d) | 0;
      t = (b + (c ^ d ^ a) + x6 + 0x04881d05) | 0;
      b = (((t << 23) | (t >>> 9)) + c) | 0;
      t = (a + (b ^ c ^ d) + x9 + 0xd9d4d039) | 0;
      a = (((t << 4) | (t >>> 28)) + b) | 0;
      t = (d + (a ^ b ^ c) + x12 + 0xe6db99e5) | 0;
      d = (((t << 11) | (t >>> 21)) + a) | 0;
      t = (c + (d ^ a ^ b) + x15 + 0x1fa27cf8) | 0;
      c = (((t << 16) | (t >>> 16)) + d) | 0;
      t = (b + (c ^ d ^ a) + x2 + 0xc4ac5665) | 0;
      b = (((t << 23) | (t >>> 9)) + c) | 0;
      t = (a + (c ^ (b | ~d)) + x0 + 0xf4292244) | 0;
      a = (((t << 6) | (t >>> 26)) + b) | 0;
      t = (d + (b ^ (a | ~c)) + x7 + 0x432aff97) | 0;
      d = (((t << 10) | (t >>> 22)) + a) | 0;
      t = (c + (a ^ (d | ~b)) + x14 + 0xab9423a7) | 0;
      c = (((t << 15) | (t >>> 17)) + d) | 0;
      t = (b + (d ^ (c | ~a)) + x5 + 0xfc93a039) | 0;
      b = (((t << 21) | (t >>> 11)) + c) | 0;
      t = (a + (c ^ (b | ~d)) + x12 + 0x655b59c3) | 0;
      a = (((t << 6) | (t >>> 26)) + b) | 0;
      t = (d + (b ^ (a | ~c)) + x3 + 0x8f0ccc92) | 0;
      d = (((t << 10) | (t >>> 22)) + a) | 0;
      t = (c + (a ^ (d | ~b)) + x10 + 0xffeff47d) | 0;
      c = (((t << 15) | (t >>> 17)) + d) | 0;
      t = (b + (d ^ (c | ~a)) + x1 + 0x85845dd1) | 0;
      b = (((t << 21) | (t >>> 11)) + c) | 0;
      t = (a + (c ^ (b | ~d)) + x8 + 0x6fa87e4f) | 0;
      a = (((t << 6) | (t >>> 26)) + b) | 0;
      t = (d + (b ^ (a | ~c)) + x15 + 0xfe2ce6e0) | 0;
      d = (((t << 10) | (t >>> 22)) + a) | 0;
      t = (c + (a ^ (d | ~b)) + x6 + 0xa3014314) | 0;
      c = (((t << 15) | (t >>> 17)) + d) | 0;
      t = (b + (d ^ (c | ~a)) + x13 + 0x4e0811a1) | 0;
      b = (((t << 21) | (t >>> 11)) + c) | 0;
      t = (a + (c ^ (b | ~d)) + x4 + 0xf7537e82) | 0;
      a = (((t << 6) | (t >>> 26)) + b) | 0;
      t = (d + (b ^ (a | ~c)) + x11 + 0xbd3af235) | 0;
      d = (((t << 10) | (t >>> 22)) + a) | 0;
      t = (c + (a ^ (d | ~b)) + x2 + 0x2ad7d2bb) | 0;
      c = (((t << 15) | (t >>> 17)) + d) | 0;
      t = (b + (d ^ (c | ~a)) + x9 + 0xeb86d391) | 0;
      b = (((t << 21) | (t >>> 11)) + c) | 0;
      a = (a + a0) | 0;
      b = (b + b0) | 0;
      c = (c + c0) | 0;
      d = (d + d0) | 0;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }
}
