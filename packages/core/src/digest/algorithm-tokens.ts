import type { DigestAlgorithm } from './hasher';

/**
 * Header vocabularies: RFC 3230 `Digest`/`Want-Digest` (IANA "HTTP Digest Algorithm Values"),
 * RFC 9530 `Content-Digest`/`Repr-Digest` (IANA "Hash Algorithms for HTTP Digest Fields"; of
 * ours only sha-256 is active there, the others are registered as deprecated), and the EOS
 * `x-upload-checksum` type names.
 */
export type DigestTokenStyle = 'rfc3230' | 'rfc9530' | 'typed';

const TOKENS: Readonly<Record<DigestTokenStyle, Readonly<Record<DigestAlgorithm, string>>>> = {
  rfc3230: { sha1: 'sha', sha256: 'sha-256', md5: 'md5', adler32: 'adler32', crc32c: 'crc32c' },
  rfc9530: { sha1: 'sha', sha256: 'sha-256', md5: 'md5', adler32: 'adler', crc32c: 'crc32c' },
  typed: { sha1: 'sha1', sha256: 'sha256', md5: 'md5', adler32: 'adler32', crc32c: 'crc32c' },
};

/** Extra spellings accepted on input besides each style's own tokens. */
const ALIASES: Readonly<Record<DigestTokenStyle, Readonly<Record<string, DigestAlgorithm>>>> = {
  rfc3230: {},
  rfc9530: {},
  typed: { adler: 'adler32' },
};

function lookup(style: DigestTokenStyle): Map<string, DigestAlgorithm> {
  const m = new Map<string, DigestAlgorithm>();
  for (const [alg, token] of Object.entries(TOKENS[style])) m.set(token, alg as DigestAlgorithm);
  for (const [token, alg] of Object.entries(ALIASES[style])) m.set(token, alg);
  return m;
}

const BY_STYLE: Readonly<Record<DigestTokenStyle, Map<string, DigestAlgorithm>>> = {
  rfc3230: lookup('rfc3230'),
  rfc9530: lookup('rfc9530'),
  typed: lookup('typed'),
};
const ANY = new Map([...BY_STYLE.rfc3230, ...BY_STYLE.rfc9530, ...BY_STYLE.typed]);

/**
 * Our algorithm for a header token (case-insensitive), or undefined if unsupported (e.g.
 * `sha-512`, or EOS `crc32`, which is not CRC-32C). Without `style`, any vocabulary's token counts.
 */
export function algorithmFromToken(token: string, style?: DigestTokenStyle): DigestAlgorithm | undefined {
  return (style ? BY_STYLE[style] : ANY).get(token.toLowerCase());
}

/** The token that names `algorithm` in the given header vocabulary (lower case). */
export function tokenFor(algorithm: DigestAlgorithm, style: DigestTokenStyle): string {
  return TOKENS[style][algorithm];
}
