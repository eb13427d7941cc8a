/**
 * CRC-32C of X‖Y from crc(X), crc(Y) and |Y| without the data (zlib's crc32_combine, GF(2)
 * polynomial arithmetic modulo the reflected Castagnoli polynomial). Lets a whole-file CRC be
 * joined from stored part CRCs.
 */
const POLY = 0x82f63b78;

/** a·b modulo POLY, both reflected polynomials (bit 31 is x^0). */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

let x2n: number[] | undefined;

/** x^(2^k) mod POLY for k = 0…63, enough for any 2^53 byte length (bits + 3). */
function powerTable(): number[] {
  if (x2n) return x2n;
  const t: number[] = [];
  let p = 0x40000000; // x^1
  for (let k = 0; k < 64; k++) {
    t.push(p);
    p = multModP(p, p);
  }
  return (x2n = t);
}

/** x^(8·n) mod POLY: the operator that shifts a CRC over n zero bytes. */
function x8nModP(n: number): number {
  const t = powerTable();
  let p = 0x80000000; // x^0
  for (let k = 3; n > 0; k++) {
    if (n % 2 === 1) p = multModP(t[k]!, p);
    n = Math.floor(n / 2);
  }
  return p;
}

export function crc32cCombine(a: number, b: number, lengthOfB: number): number {
  if (!Number.isSafeInteger(lengthOfB) || lengthOfB < 0) throw new RangeError(`bad length: ${lengthOfB}`);
  return (multModP(x8nModP(lengthOfB), a >>> 0) ^ b) >>> 0;
}
