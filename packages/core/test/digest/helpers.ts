// Shared fixtures for the digest tests.
import { pureHashers, toHex, type DigestAlgorithm } from '../../src/digest/index';

export const ascii = (s: string) => new TextEncoder().encode(s);

/** byte i = i mod 251 (the EOS worked-example and DeOSS fid test pattern) */
export function mod251(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, v = 0; i < length; i++) {
    out[i] = v;
    if (++v === 251) v = 0;
  }
  return out;
}

export function hexOf(algorithm: DigestAlgorithm, ...chunks: Uint8Array[]): string {
  const h = pureHashers.create(algorithm);
  for (const c of chunks) h.update(c);
  return toHex(h.digest());
}

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
export function randomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
