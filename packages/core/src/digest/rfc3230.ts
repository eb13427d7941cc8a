import { fromBase64 } from './encoding';
import { isToken, isVisible, quote, trimOws } from './header-text';

/** One `algorithm=value` entry of an RFC 3230 `Digest` header; the value is kept verbatim. */
export type DigestEntry = { readonly algorithm: string; readonly value: string };

/**
 * Parses an RFC 3230 `Digest` header: a comma-separated list of `token=value`. Tokens are
 * lower-cased (they are case-insensitive: `sha=` and `SHA=` are the same); each entry is split
 * at its first `=`, so base64 padding stays in the value. Whitespace is allowed around commas
 * only. Empty list elements are skipped; an empty list throws. Throws TypeError when malformed.
 */
export function parseDigestHeader(value: string): DigestEntry[] {
  const out: DigestEntry[] = [];
  for (const raw of value.split(',')) {
    const part = trimOws(raw);
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new TypeError(`Digest entry ${quote(part)} is not algorithm=value`);
    const algorithm = part.slice(0, eq);
    const v = part.slice(eq + 1);
    if (!isToken(algorithm)) throw new TypeError(`Digest entry ${quote(part)} has an invalid algorithm name`);
    if (v === '' || !isVisible(v)) throw new TypeError(`Digest entry ${quote(part)} has an empty or invalid value`);
    out.push({ algorithm: algorithm.toLowerCase(), value: v });
  }
  if (out.length === 0) throw new TypeError('Digest header is empty');
  return out;
}

/** Formats entries as an RFC 3230 `Digest` value; throws TypeError on anything that would not parse back. */
export function formatDigestHeader(entries: readonly DigestEntry[]): string {
  if (entries.length === 0) throw new TypeError('Digest header needs at least one entry');
  return entries
    .map(({ algorithm, value }) => {
      if (!isToken(algorithm)) throw new TypeError(`invalid Digest algorithm name ${quote(algorithm)}`);
      if (value === '' || !isVisible(value) || value.includes(',')) throw new TypeError(`invalid Digest value ${quote(value)}`);
      return `${algorithm}=${value}`;
    })
    .join(', ');
}

/**
 * The SHA-1 of a `Digest` header as sent by Box clients (`sha=<base64>`, any case, possibly in a
 * list with other algorithms, which are ignored): exactly 20 bytes from strict base64.
 * Throws TypeError if there is no `sha` entry, if several disagree, or if it does not decode.
 */
export function findBoxSha1(value: string): Uint8Array {
  const shas = parseDigestHeader(value).filter((e) => e.algorithm === 'sha');
  if (shas.length === 0) throw new TypeError('Digest header has no sha entry');
  if (shas.some((e) => e.value !== shas[0]!.value)) throw new TypeError('Digest header has conflicting sha entries');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(shas[0]!.value);
  } catch (e) {
    throw new TypeError(`Digest sha value is not valid base64: ${(e as Error).message}`);
  }
  if (bytes.length !== 20) throw new TypeError(`Digest sha value has ${bytes.length} bytes, SHA-1 has 20`);
  return bytes;
}
