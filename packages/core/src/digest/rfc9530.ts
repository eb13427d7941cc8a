import { toBase64 } from './encoding';
import { isToken, quote, trimOws } from './header-text';
import { isSfKey, parseSfDictionary } from './structured-fields';

/** One member of an RFC 9530 `Content-Digest` / `Repr-Digest` field. */
export type StructuredDigestEntry = { readonly algorithm: string; readonly bytes: Uint8Array };

/**
 * Parses `Content-Digest` / `Repr-Digest` (an RFC 8941 Dictionary of Byte Sequences, e.g.
 * `sha-256=:…:, sha-512=:…:`). Parameters are ignored; unknown algorithms are returned too.
 * Throws TypeError when the field is malformed, empty, or a member is not a byte sequence.
 */
export function parseStructuredDigest(value: string): StructuredDigestEntry[] {
  const dict = parseSfDictionary(value);
  if (dict.size === 0) throw new TypeError('digest field is empty');
  const out: StructuredDigestEntry[] = [];
  for (const [algorithm, member] of dict) {
    if (!('item' in member) || member.item.type !== 'bytes') throw new TypeError(`digest member ${quote(algorithm)} is not a byte sequence`);
    out.push({ algorithm, bytes: member.item.value });
  }
  return out;
}

export function formatStructuredDigest(entries: readonly StructuredDigestEntry[]): string {
  if (entries.length === 0) throw new TypeError('digest field needs at least one entry');
  return entries
    .map(({ algorithm, bytes }) => {
      if (!isSfKey(algorithm)) throw new TypeError(`invalid digest algorithm key ${quote(algorithm)}`);
      return `${algorithm}=:${toBase64(bytes)}:`;
    })
    .join(', ');
}

/** One algorithm asked for in `Want-Digest` / `Want-Repr-Digest` / `Want-Content-Digest`. */
export type WantedDigest = {
  /** lower-cased token */
  readonly algorithm: string;
  /** RFC 3230 qvalue (`md5;q=0.5`), 0…1 */
  readonly q?: number;
  /** RFC 9530 weight (`sha-256=5`), integer 0…10 */
  readonly weight?: number;
  /** q, or weight / 10, or 1 when neither was given; 0 means "not acceptable" */
  readonly preference: number;
};

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
const WEIGHT = /^(?:\d|10)$/;

/**
 * Parses either syntax of the want-digest fields: the RFC 3230 list (`adler32, MD5;q=0.5`,
 * tokens case-insensitive) or the RFC 9530 dictionary (`sha-256=5, adler=3`). Per element:
 * token, optional `=weight`, then `;name=value` parameters of which only `q` is read.
 * Throws TypeError when malformed or empty.
 */
export function parseWantDigest(value: string): WantedDigest[] {
  const out: WantedDigest[] = [];
  for (const raw of value.split(',')) {
    const element = trimOws(raw);
    if (element === '') continue;
    const [head, ...params] = element.split(';').map(trimOws);
    const eq = head!.indexOf('=');
    const token = eq < 0 ? head! : head!.slice(0, eq);
    if (!isToken(token)) throw new TypeError(`want-digest element ${quote(element)} has an invalid algorithm name`);
    let weight: number | undefined;
    if (eq >= 0) {
      const w = head!.slice(eq + 1);
      if (!WEIGHT.test(w)) throw new TypeError(`want-digest weight in ${quote(element)} must be an integer 0 to 10`);
      weight = Number(w);
    }
    let q: number | undefined;
    for (const p of params) {
      const peq = p.indexOf('=');
      if (peq <= 0) throw new TypeError(`want-digest parameter in ${quote(element)} is not name=value`);
      if (p.slice(0, peq).toLowerCase() !== 'q') continue;
      const qv = p.slice(peq + 1);
      if (!QVALUE.test(qv)) throw new TypeError(`want-digest q in ${quote(element)} is not a qvalue`);
      q = Number(qv);
    }
    const preference = q ?? (weight !== undefined ? weight / 10 : 1);
    out.push({ algorithm: token.toLowerCase(), ...(q !== undefined && { q }), ...(weight !== undefined && { weight }), preference });
  }
  if (out.length === 0) throw new TypeError('want-digest field is empty');
  return out;
}
