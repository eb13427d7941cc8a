import { RangeSyntaxError } from '../errors';

/** Longest decimal we accept: 2^53−1 has 16 digits; leading zeros beyond that are refused too. */
const MAX_DIGITS = 16;

/**
 * Strict non-negative decimal: ASCII digits only (no sign, no whitespace, no exponent),
 * at most Number.MAX_SAFE_INTEGER, so byte positions are always exact.
 */
export function parseDecimal(text: string, what = 'number'): number {
  if (text.length === 0) throw new RangeSyntaxError(`empty ${what}`);
  if (text.length > MAX_DIGITS) throw new RangeSyntaxError(`${what} is too large: ${clip(text)}`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) throw new RangeSyntaxError(`${what} is not a plain decimal: ${clip(text)}`);
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeSyntaxError(`${what} is above 2^53-1: ${clip(text)}`);
  return n;
}

/** Like parseDecimal, but returns undefined instead of throwing. */
export function tryParseDecimal(text: string): number | undefined {
  try {
    return parseDecimal(text);
  } catch {
    return undefined;
  }
}

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
