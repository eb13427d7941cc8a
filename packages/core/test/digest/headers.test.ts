import { describe, expect, it } from 'vitest';
import {
  DIGEST_ALGORITHMS,
  algorithmFromToken,
  findBoxSha1,
  formatDigestHeader,
  formatStructuredDigest,
  formatTypedChecksum,
  fromHex,
  parseDigestHeader,
  parseSfDictionary,
  parseStructuredDigest,
  parseTypedChecksum,
  parseWantDigest,
  stripLeadingZeros,
  toBase64,
  toHex,
  tokenFor,
} from '../../src/digest/index';

const BOX_SHA = 'fpRyg5eVQletdZqEKaFlqwBXJzM=';
const BOX_HEX = '7e94728397954257ad759a8429a165ab00572733';

describe('RFC 3230 Digest', () => {
  it('parses single entries, lower-casing the algorithm and keeping the value verbatim', () => {
    expect(parseDigestHeader(`sha=${BOX_SHA}`)).toEqual([{ algorithm: 'sha', value: BOX_SHA }]);
    expect(parseDigestHeader(`SHA=${BOX_SHA}`)).toEqual([{ algorithm: 'sha', value: BOX_SHA }]);
    expect(parseDigestHeader('MD5=AbC==')).toEqual([{ algorithm: 'md5', value: 'AbC==' }]);
  });

  it('parses lists with optional whitespace and empty elements', () => {
    expect(parseDigestHeader(` sha=${BOX_SHA} ,\tmd5=HUXZLQLMuI/KZ5KDcJPcOA==, , unixsum=30637 `)).toEqual([
      { algorithm: 'sha', value: BOX_SHA },
      { algorithm: 'md5', value: 'HUXZLQLMuI/KZ5KDcJPcOA==' },
      { algorithm: 'unixsum', value: '30637' },
    ]);
  });

  it.each(['', ' , ', 'sha', '=abc', 'sha =abc', 'sha= abc', 'sha=', 'sh a=abc', 'sha=a b', 's(a)=x', 'sha=é'])('rejects %j', (v) => {
    expect(() => parseDigestHeader(v)).toThrow(TypeError);
  });

  it('formats and round trips', () => {
    const entries = [
      { algorithm: 'sha', value: BOX_SHA },
      { algorithm: 'md5', value: 'x==' },
    ];
    expect(formatDigestHeader(entries)).toBe(`sha=${BOX_SHA}, md5=x==`);
    expect(parseDigestHeader(formatDigestHeader(entries))).toEqual(entries);
    expect(() => formatDigestHeader([])).toThrow(TypeError);
    expect(() => formatDigestHeader([{ algorithm: 'sha', value: 'a,b' }])).toThrow(TypeError);
    expect(() => formatDigestHeader([{ algorithm: 'sha', value: 'a\r\nx: y' }])).toThrow(TypeError);
    expect(() => formatDigestHeader([{ algorithm: 's a', value: 'x' }])).toThrow(TypeError);
  });
});

describe('findBoxSha1', () => {
  it('decodes sha= and SHA= to the same 20 bytes (box.md §7)', () => {
    expect(toHex(findBoxSha1(`sha=${BOX_SHA}`))).toBe(BOX_HEX);
    expect(toHex(findBoxSha1(`SHA=${BOX_SHA}`))).toBe(BOX_HEX);
    expect(toBase64(fromHex(BOX_HEX))).toBe(BOX_SHA);
  });

  it('picks the sha entry out of a list', () => {
    expect(toHex(findBoxSha1(`md5=HUXZLQLMuI/KZ5KDcJPcOA==, Sha=${BOX_SHA}`))).toBe(BOX_HEX);
    expect(toHex(findBoxSha1(`sha=${BOX_SHA}, sha=${BOX_SHA}`))).toBe(BOX_HEX);
  });

  it.each([
    ['no sha entry', 'md5=HUXZLQLMuI/KZ5KDcJPcOA=='],
    ['sha-256 is not sha', `sha-256=${BOX_SHA}`],
    ['bad base64 character', 'sha=fpRyg5eVQletdZqEKaFlqwBXJz*='],
    ['missing padding', 'sha=fpRyg5eVQletdZqEKaFlqwBXJzM'],
    ['hex instead of base64', `sha=${BOX_HEX}`],
    ['wrong length (16 bytes)', 'sha=HUXZLQLMuI/KZ5KDcJPcOA=='],
    ['wrong length (32 bytes)', `sha=${toBase64(new Uint8Array(32))}`],
    ['conflicting entries', `sha=${BOX_SHA}, sha=${toBase64(new Uint8Array(20))}`],
    ['malformed header', 'sha'],
  ])('throws TypeError: %s', (_, v) => {
    expect(() => findBoxSha1(v)).toThrow(TypeError);
  });
});

describe('RFC 9530 Content-Digest / Repr-Digest', () => {
  const sha256 = fromHex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');

  it('parses a dictionary of byte sequences, ignoring parameters', () => {
    const parsed = parseStructuredDigest(`sha-256=:${toBase64(sha256)}:, adler=:Ak0BJw==:;x=1`);
    expect(parsed.map((e) => e.algorithm)).toEqual(['sha-256', 'adler']);
    expect(toHex(parsed[0]!.bytes)).toBe(toHex(sha256));
    expect(toHex(parsed[1]!.bytes)).toBe('024d0127');
  });

  it('round trips through the formatter', () => {
    const entries = [
      { algorithm: 'sha-256', bytes: sha256 },
      { algorithm: 'md5', bytes: new Uint8Array(16).fill(7) },
    ];
    const text = formatStructuredDigest(entries);
    expect(text).toBe(`sha-256=:${toBase64(sha256)}:, md5=:${toBase64(entries[1]!.bytes)}:`);
    expect(parseStructuredDigest(text)).toEqual(entries);
  });

  it('accepts unpadded byte sequences (RFC 8941 §4.2.7)', () => {
    expect(toHex(parseStructuredDigest('adler=:Ak0BJw:')[0]!.bytes)).toBe('024d0127');
  });

  it.each([
    ['empty', ''],
    ['not a byte sequence', 'sha-256=abc'],
    ['bare key', 'sha-256'],
    ['integer', 'sha-256=5'],
    ['upper-case key', 'SHA-256=:AAAA:'],
    ['unterminated bytes', 'sha-256=:AAAA'],
    ['bad base64', 'sha-256=:AA*A:'],
    ['trailing comma', 'sha-256=:AAAA:,'],
    ['missing comma', 'sha-256=:AAAA: md5=:AAAA:'],
    ['inner list', 'sha-256=(:AAAA:)'],
  ])('throws TypeError: %s', (_, v) => {
    expect(() => parseStructuredDigest(v)).toThrow(TypeError);
  });

  it('formatter rejects keys that are not SF keys', () => {
    expect(() => formatStructuredDigest([{ algorithm: 'SHA-256', bytes: sha256 }])).toThrow(TypeError);
    expect(() => formatStructuredDigest([])).toThrow(TypeError);
  });
});

describe('structured-field dictionary parser', () => {
  it('parses every RFC 8941 item type, parameters and inner lists', () => {
    const d = parseSfDictionary('a=1, b=-2.5, c="x\\"y", d=tok/en:1, e=:AQI=:, f=?0, g, h=(1 "s");p=?1, i;q=0.3');
    expect(d.get('a')).toEqual({ item: { type: 'integer', value: 1 }, params: new Map() });
    expect(d.get('b')).toEqual({ item: { type: 'decimal', value: -2.5 }, params: new Map() });
    expect(d.get('c')).toEqual({ item: { type: 'string', value: 'x"y' }, params: new Map() });
    expect(d.get('d')).toEqual({ item: { type: 'token', value: 'tok/en:1' }, params: new Map() });
    expect(d.get('e')).toEqual({ item: { type: 'bytes', value: new Uint8Array([1, 2]) }, params: new Map() });
    expect(d.get('f')).toEqual({ item: { type: 'boolean', value: false }, params: new Map() });
    expect(d.get('g')).toEqual({ item: { type: 'boolean', value: true }, params: new Map() });
    expect(d.get('h')).toEqual({
      items: [
        { item: { type: 'integer', value: 1 }, params: new Map() },
        { item: { type: 'string', value: 's' }, params: new Map() },
      ],
      params: new Map([['p', { type: 'boolean', value: true }]]),
    });
    expect(d.get('i')).toEqual({ item: { type: 'boolean', value: true }, params: new Map([['q', { type: 'decimal', value: 0.3 }]]) });
  });

  it('later duplicates win', () => {
    expect(parseSfDictionary('a=1, a=2').get('a')).toEqual({ item: { type: 'integer', value: 2 }, params: new Map() });
  });

  it.each(['a=1234567890123456', 'a=1.2345', 'a=1.', 'a="\\x"', 'a=?2', 'a=(1', 'a=1,,b=2', 'a=@1', '1a=1'])('rejects %j', (v) => {
    expect(() => parseSfDictionary(v)).toThrow(TypeError);
  });
});

describe('Want-Digest / Want-Repr-Digest', () => {
  it('RFC 3230 list with qvalues, case-insensitive', () => {
    expect(parseWantDigest('adler32, MD5;q=0.5, SHA;q=0')).toEqual([
      { algorithm: 'adler32', preference: 1 },
      { algorithm: 'md5', q: 0.5, preference: 0.5 },
      { algorithm: 'sha', q: 0, preference: 0 },
    ]);
  });

  it('RFC 9530 dictionary with weights', () => {
    expect(parseWantDigest('sha-256=5, adler=3, md5=0')).toEqual([
      { algorithm: 'sha-256', weight: 5, preference: 0.5 },
      { algorithm: 'adler', weight: 3, preference: 0.3 },
      { algorithm: 'md5', weight: 0, preference: 0 },
    ]);
    expect(parseWantDigest('sha-256=10')[0]!.preference).toBe(1);
  });

  it.each(['', 'sha-256=11', 'sha-256=-1', 'sha-256=1.5', 'md5;q=2', 'md5;q=0.1234', 'md5;q', 'm d5', '=5'])('rejects %j', (v) => {
    expect(() => parseWantDigest(v)).toThrow(TypeError);
  });
});

describe('typed checksum (EOS x-upload-checksum)', () => {
  it('splits at the first colon, lower-casing only the type', () => {
    expect(parseTypedChecksum('adler32:24d0127')).toEqual({ type: 'adler32', value: '24d0127' });
    expect(parseTypedChecksum('ADLER32:121F5089')).toEqual({ type: 'adler32', value: '121F5089' });
    expect(parseTypedChecksum('adler32:')).toEqual({ type: 'adler32', value: '' });
    expect(parseTypedChecksum('md5:a:b')).toEqual({ type: 'md5', value: 'a:b' });
    expect(parseTypedChecksum(' adler32: 1')).toEqual({ type: ' adler32', value: ' 1' });
    expect(parseTypedChecksum('121f5089')).toBeUndefined();
    expect(formatTypedChecksum('adler32', '121f5089')).toBe('adler32:121f5089');
  });

  it('stripLeadingZeros', () => {
    expect(stripLeadingZeros('00f00001')).toBe('f00001');
    expect(stripLeadingZeros('024d0127')).toBe('24d0127');
    expect(stripLeadingZeros('121f5089')).toBe('121f5089');
    expect(stripLeadingZeros('00000001')).toBe('1');
    expect(stripLeadingZeros('00000000')).toBe('');
  });
});

describe('algorithm tokens', () => {
  it('maps header tokens to algorithms, case-insensitively', () => {
    expect(algorithmFromToken('sha')).toBe('sha1');
    expect(algorithmFromToken('SHA')).toBe('sha1');
    expect(algorithmFromToken('sha1')).toBe('sha1');
    expect(algorithmFromToken('SHA-256')).toBe('sha256');
    expect(algorithmFromToken('sha256')).toBe('sha256');
    expect(algorithmFromToken('adler')).toBe('adler32');
    expect(algorithmFromToken('Adler32')).toBe('adler32');
    expect(algorithmFromToken('crc32c')).toBe('crc32c');
    expect(algorithmFromToken('md5')).toBe('md5');
    expect(algorithmFromToken('sha-512')).toBeUndefined();
    expect(algorithmFromToken('crc32')).toBeUndefined();
    expect(algorithmFromToken('unixsum')).toBeUndefined();
  });

  it('restricts to one vocabulary when asked', () => {
    expect(algorithmFromToken('sha', 'typed')).toBeUndefined();
    expect(algorithmFromToken('sha1', 'rfc3230')).toBeUndefined();
    expect(algorithmFromToken('adler', 'rfc9530')).toBe('adler32');
    expect(algorithmFromToken('adler32', 'rfc9530')).toBeUndefined();
    expect(algorithmFromToken('adler', 'typed')).toBe('adler32');
  });

  it('tokenFor is the inverse within each vocabulary', () => {
    expect(tokenFor('sha1', 'rfc3230')).toBe('sha');
    expect(tokenFor('sha256', 'rfc9530')).toBe('sha-256');
    expect(tokenFor('adler32', 'rfc9530')).toBe('adler');
    expect(tokenFor('adler32', 'typed')).toBe('adler32');
    for (const style of ['rfc3230', 'rfc9530', 'typed'] as const) {
      for (const alg of DIGEST_ALGORITHMS) expect(algorithmFromToken(tokenFor(alg, style), style)).toBe(alg);
    }
  });
});
