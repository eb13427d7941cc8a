/**
 * A streaming multipart/form-data reader: parts one after another, each part's content streamed
 * without buffering it (only a delimiter's length is ever held back).
 */
export class MultipartError extends Error {}

const CRLF = Uint8Array.of(13, 10);
const HEADER_LIMIT = 16 * 1024;
const utf8 = new TextEncoder();
const HEADERS_END = utf8.encode('\r\n\r\n');

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

/** A `Content-Disposition` parameter (`name`, `filename`) of a part's headers. */
function dispositionParam(headers: string, param: string): string | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const m = new RegExp(`;\\s*${param}=(?:"([^"]*)"|([^\\s;]+))`, 'i').exec(line.slice(colon + 1));
    return m?.[1] ?? m?.[2];
  }
  return undefined;
}

export type PartHead = { readonly name: string | undefined; readonly filename: string | undefined };

export class MultipartReader {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private readonly delimiter: Uint8Array;
  // a virtual CRLF before the body lets the first delimiter be found like every other one
  private buf: Uint8Array = CRLF;
  private state: 'preamble' | 'content' | 'after-delimiter' | 'end' = 'preamble';

  constructor(body: AsyncIterable<Uint8Array>, boundary: string) {
    this.chunks = body[Symbol.asyncIterator]();
    this.delimiter = utf8.encode(`\r\n--${boundary}`);
  }

  /** The next part's name and filename, or undefined after the closing delimiter. Unread content of the previous part is skipped. */
  async next(): Promise<PartHead | undefined> {
    if (this.state === 'end') return undefined;
    if (this.state !== 'after-delimiter') for await (const _ of this.untilDelimiter(false));
    while (this.buf.length < 2) await this.more('after a delimiter');
    if (this.buf[0] === 45 && this.buf[1] === 45) {
      this.state = 'end';
      return undefined;
    }
    let eol: number;
    while ((eol = indexOf(this.buf, CRLF)) < 0) await this.more('in a delimiter line', true);
    this.buf = this.buf.slice(eol + 2);
    let headerEnd: number;
    for (;;) {
      while (this.buf.length < 2) await this.more('in part headers');
      if (this.buf[0] === 13 && this.buf[1] === 10) {
        headerEnd = 0; // a part without headers
        break;
      }
      const end = indexOf(this.buf, HEADERS_END);
      if (end >= 0) {
        headerEnd = end + 2;
        break;
      }
      await this.more('in part headers', true);
    }
    const headers = latin1(this.buf.subarray(0, headerEnd));
    this.buf = this.buf.slice(headerEnd + 2);
    this.state = 'content';
    return { name: dispositionParam(headers, 'name'), filename: dispositionParam(headers, 'filename') };
  }

  /** The content of the part `next()` returned, streamed. */
  content(): AsyncGenerator<Uint8Array> {
    if (this.state !== 'content') throw new MultipartError('no part to read');
    return this.untilDelimiter(true);
  }

  /** The content of the current part as UTF-8 text; more than `limit` bytes is a MultipartError. */
  async text(limit: number): Promise<string> {
    let out: Uint8Array = new Uint8Array(0);
    for await (const chunk of this.content()) {
      out = join(out, chunk);
      if (out.length > limit) throw new MultipartError(`a form field is longer than ${limit} bytes`);
    }
    return new TextDecoder().decode(out);
  }

  /** Reads and drops the rest of the body, up to `limit` bytes; false when more was left. */
  async drain(limit: number): Promise<boolean> {
    let left = limit - this.buf.length;
    this.buf = new Uint8Array(0);
    for (let r = await this.chunks.next(); !r.done; r = await this.chunks.next()) if ((left -= r.value.length) < 0) return false;
    return true;
  }

  /** Stops reading: the body's iterator is closed (so a stream reader is released), nothing more is read. */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }

  private async more(where: string, bounded = false): Promise<void> {
    if (bounded && this.buf.length > HEADER_LIMIT) throw new MultipartError(`multipart headers too long (${where})`);
    const r = await this.chunks.next();
    if (r.done) throw new MultipartError(`the multipart body ended ${where}`);
    this.buf = join(this.buf, r.value);
  }

  /** Streams (or skips) bytes up to the next delimiter, leaving the reader just after it. */
  private async *untilDelimiter(yielding: boolean): AsyncGenerator<Uint8Array> {
    const keep = this.delimiter.length - 1;
    for (;;) {
      const at = indexOf(this.buf, this.delimiter);
      if (at >= 0) {
        if (yielding && at > 0) yield this.buf.slice(0, at);
        this.buf = this.buf.slice(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return;
      }
      const safe = Math.max(0, this.buf.length - keep);
      if (yielding && safe > 0) yield this.buf.slice(0, safe);
      this.buf = this.buf.slice(safe);
      await this.more(this.state === 'preamble' ? 'before its first part' : 'inside a part');
    }
  }
}
