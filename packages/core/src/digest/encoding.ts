/** Hex, base64 and UTF-8 without Buffer/btoa, so the same code runs on every runtime. */

const HEX_LOWER: string[] = [];
const HEX_UPPER: string[] = [];
for (let i = 0; i < 256; i++) {
  const s = i.toString(16).padStart(2, '0');
  HEX_LOWER.push(s);
  HEX_UPPER.push(s.toUpperCase());
}

export function toHex(bytes: Uint8Array, upper = false): string {
  const table = upper ? HEX_UPPER : HEX_LOWER;
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += table[bytes[i]!];
  return out;
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const l = c | 0x20; // fold A-F onto a-f
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Decodes hex (either case); throws TypeError on odd length or a non-hex character. */
export function fromHex(str: string): Uint8Array {
  if (str.length % 2 !== 0) throw new TypeError('hex string has odd length');
  const out = new Uint8Array(str.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(str.charCodeAt(2 * i));
    const lo = nibble(str.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new TypeError(`not a hex string: invalid character at ${hi < 0 ? 2 * i : 2 * i + 1}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const B64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUES[B64_CODES[i]!] = i;
const EQ = 61; // '='

/** Standard base64 (RFC 4648 §4) with padding. */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64_CODES[v >>> 18]!;
    out[o++] = B64_CODES[(v >>> 12) & 63]!;
    out[o++] = B64_CODES[(v >>> 6) & 63]!;
    out[o++] = B64_CODES[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | (i + 1 < n ? bytes[i + 1]! << 8 : 0);
    out[o++] = B64_CODES[v >>> 18]!;
    out[o++] = B64_CODES[(v >>> 12) & 63]!;
    out[o++] = i + 1 < n ? B64_CODES[(v >>> 6) & 63]! : EQ;
    out[o++] = EQ;
  }
  return asciiToString(out);
}

/**
 * Decodes standard base64. Strict (the default) requires padding to a multiple of 4 and zero
 * unused bits, so every byte string has exactly one accepted spelling. `lenient` accepts missing
 * padding and non-zero unused bits, as RFC 8941 asks of structured-field byte sequences.
 * Characters outside the alphabet are always rejected (TypeError).
 */
export function fromBase64(str: string, mode: 'strict' | 'lenient' = 'strict'): Uint8Array {
  let len = str.length;
  if (mode === 'strict' && len % 4 !== 0) throw new TypeError('base64 length is not a multiple of 4');
  let pad = 0;
  while (pad < 2 && len > 0 && str.charCodeAt(len - 1) === EQ) {
    len--;
    pad++;
  }
  if (len % 4 === 1) throw new TypeError('base64 has an impossible length');
  if (pad > 0 && (len + pad) % 4 !== 0) throw new TypeError('base64 padding is wrong');
  const tail = len % 4; // 0, 2 or 3 characters in the last group
  const out = new Uint8Array(((len - tail) / 4) * 3 + (tail === 0 ? 0 : tail - 1));
  let o = 0;
  let i = 0;
  const full = len - tail;
  for (; i < full; i += 4) {
    const v = (b64(str, i) << 18) | (b64(str, i + 1) << 12) | (b64(str, i + 2) << 6) | b64(str, i + 3);
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  if (tail > 0) {
    const v = (b64(str, i) << 18) | (b64(str, i + 1) << 12) | (tail === 3 ? b64(str, i + 2) << 6 : 0);
    out[o++] = v >>> 16;
    if (tail === 3) out[o++] = (v >>> 8) & 0xff;
    const unused = tail === 3 ? v & 0xff : v & 0xffff;
    if (mode === 'strict' && unused !== 0) throw new TypeError('base64 has non-zero padding bits');
  }
  return out;
}

function b64(str: string, i: number): number {
  const c = str.charCodeAt(i);
  const v = c < 128 ? B64_VALUES[c]! : -1;
  if (v < 0) throw new TypeError(`invalid base64 character at ${i}`);
  return v;
}

/** Builds a string from ASCII codes in slices, below engines' argument-count limits. */
function asciiToString(codes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < codes.length; i += 0x2000) {
    s += String.fromCharCode.apply(null, codes.subarray(i, i + 0x2000) as unknown as number[]);
  }
  return s;
}

const encoder = new TextEncoder();

export function utf8(str: string): Uint8Array {
  return encoder.encode(str);
}

/** The 4 bytes big-endian of an unsigned 32-bit number (digest form of Adler-32 and CRC-32C). */
export function uint32ToBytes(value: number): Uint8Array {
  return new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

/** The unsigned 32-bit number of a 4-byte big-endian digest. */
export function uint32FromBytes(bytes: Uint8Array): number {
  if (bytes.length !== 4) throw new RangeError(`expected 4 bytes, got ${bytes.length}`);
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}
