/**
 * Streams the bytes of one named part out of a multipart/form-data body without buffering it:
 * only a delimiter's length of data is ever held back. The rest of the body is read and dropped
 * (up to a bound), so the connection stays usable.
 */
export class MultipartError extends Error {}

const CRLF = Uint8Array.of(13, 10);
const HEADER_LIMIT = 16 * 1024;
const TRAILER_LIMIT = 64 * 1024;
const utf8 = new TextEncoder();

/** The boundary of a multipart/form-data Content-Type; undefined for any other type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  if (!m) throw new MultipartError('multipart body without a boundary');
  return m[1] ?? m[2];
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Part headers as latin1 text (not every runtime's TextDecoder knows latin1). */
const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

function partName(headers: string): string | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const m = /;\s*name=(?:"([^"]*)"|([^\s;]+))/i.exec(line.slice(colon + 1));
    return m?.[1] ?? m?.[2];
  }
  return undefined;
}

/** Yields the content of the first part called `field`; throws MultipartError if there is none. */
export async function* multipartField(body: AsyncIterable<Uint8Array>, boundary: string, field: string): AsyncGenerator<Uint8Array> {
  // a virtual CRLF before the body lets the first delimiter be found like every other one
  const delimiter = utf8.encode(`\r\n--${boundary}`);
  const keep = delimiter.length - 1;
  let buf: Uint8Array = CRLF;
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'content' | 'trailer' = 'preamble';
  let inField = false;
  let found = false;
  let trailer = 0;
  for await (const chunk of body) {
    if (state === 'trailer') {
      trailer += chunk.length;
      if (trailer > TRAILER_LIMIT) return;
      continue;
    }
    buf = join(buf, chunk);
    for (;;) {
      if (state === 'preamble' || state === 'content') {
        const at = indexOf(buf, delimiter);
        if (at < 0) {
          const safe = Math.max(0, buf.length - keep);
          if (inField && safe > 0) yield buf.slice(0, safe);
          buf = buf.slice(safe);
          break;
        }
        if (inField) {
          if (at > 0) yield buf.slice(0, at);
          found = true;
          state = 'trailer';
          break;
        }
        buf = buf.slice(at + delimiter.length);
        state = 'after-delimiter';
      } else if (state === 'after-delimiter') {
        if (buf.length < 2) break;
        if (buf[0] === 45 && buf[1] === 45) throw new MultipartError(`no form field named ${field}`);
        const eol = indexOf(buf, CRLF);
        if (eol < 0) {
          if (buf.length > HEADER_LIMIT) throw new MultipartError('malformed multipart delimiter line');
          break;
        }
        buf = buf.slice(eol + 2);
        state = 'headers';
      } else if (state === 'headers') {
        const end = indexOf(buf, utf8.encode('\r\n\r\n'));
        const empty = buf[0] === 13 && buf[1] === 10; // a part without headers
        if (end < 0 && !empty) {
          if (buf.length > HEADER_LIMIT) throw new MultipartError('multipart part headers too long');
          break;
        }
        const headerEnd = empty ? 0 : end + 2;
        inField = partName(latin1(buf.subarray(0, headerEnd))) === field;
        buf = buf.slice(headerEnd + 2);
        state = 'content';
      } else break;
    }
  }
  if (!found) throw new MultipartError(`the multipart body ended before the ${field} field did`);
}
