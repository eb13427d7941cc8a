import { Adler32, adler32Combine } from '../digest/adler32';
import { uint32FromBytes } from '../digest/encoding';
import type { DigestAlgorithm, Hasher } from '../digest/hasher';
import type { DigestCombiner } from './prefix-feed';

/**
 * Adler-32 of X‖Y follows from adler(X), adler(Y) and |Y|, so a whole-file Adler-32 can absorb
 * a part whose checksum was taken while it streamed in, without reading the part again.
 */
const adler32: DigestCombiner = (prefix, part) => {
  const hex = part.digests.adler32;
  if (hex === undefined) return undefined;
  const head = uint32FromBytes(prefix.clone().digest());
  return Adler32.fromValue(adler32Combine(head, Number.parseInt(hex, 16), part.end - part.start));
};

export const defaultCombiners: Partial<Record<DigestAlgorithm, DigestCombiner>> = { adler32 };

/** Advances a hasher over `n` zero bytes without feeding them, where the algorithm has a closed form. */
export type ZeroRun = (prefix: Hasher, n: number) => Hasher;

/** Adler-32 of n zero bytes is A = 1, B = n mod 65521: a hole of any size costs one combine. */
export const zeroRuns: Partial<Record<DigestAlgorithm, ZeroRun>> = {
  adler32: (prefix, n) => {
    const head = uint32FromBytes(prefix.clone().digest());
    return Adler32.fromValue(adler32Combine(head, (((n % 65521) << 16) | 1) >>> 0, n));
  },
};

/** Hex digest of X‖Y from the hex digests of X and Y, for the algorithms that allow it. */
export function combineHex(alg: DigestAlgorithm, x: string, y: string, lengthOfY: number): string | undefined {
  if (alg !== 'adler32') return undefined;
  const v = adler32Combine(Number.parseInt(x, 16), Number.parseInt(y, 16), lengthOfY);
  return v.toString(16).padStart(8, '0');
}
