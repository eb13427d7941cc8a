import {
  type Interval,
  type Uploads,
  chunksOf,
  fromHex,
  parseRangeHeader,
  resolveRanges,
  streamOf,
  stripLeadingZeros,
  toBase64,
} from '@rangeway/core';
import type { Context } from 'hono';
import { etagOf } from './checksum';
import { EosHttpError, ILLEGAL_RANGE, NO_SUCH } from './errors';
import { type EosEntry, checksumOf, findEntry, metaOf } from './files';
import { dirProps, dirRecord, isDir } from './dirs';
import { basename } from './paths';

export const BOUNDARY = 'EOSMULTIPARTBOUNDARY';

const TYPES: Record<string, string> = {
  txt: 'text/plain', html: 'text/html', htm: 'text/html', json: 'application/json', xml: 'application/xml',
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif',
  mp4: 'video/mp4', zip: 'application/zip', gz: 'application/gzip', tar: 'application/x-tar', root: 'application/octet-stream',
};
const typeOf = (path: string) => TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';

async function entryOrThrow(uploads: Uploads, path: string): Promise<EosEntry> {
  const entry = await findEntry(uploads, path);
  if (!entry) throw new EosHttpError(404, NO_SUCH);
  return entry;
}

function etag(entry: EosEntry): string {
  const m = metaOf(entry);
  return etagOf(m.layout, m.inode, checksumOf(entry), m.mtime);
}

/**
 * HEAD, as the namespace server answers it: size, ETag, and `Digest` on a matching `Want-Digest`;
 * for a directory 200 with its ETag and Last-Modified ("exists").
 */
export async function handleHead(c: Context, uploads: Uploads, path: string): Promise<Response> {
  const entry = await findEntry(uploads, path);
  if (!entry) {
    if (!(await isDir(uploads, path))) return new Response(null, { status: 404 });
    const dir = dirProps(await dirRecord(uploads, path));
    return new Response(null, { status: 200, headers: { etag: dir.etag, 'last-modified': new Date(dir.mtime * 1000).toUTCString() } });
  }
  const m = metaOf(entry);
  const headers: Record<string, string> = {
    'content-length': String(entry.size),
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    'content-disposition': `filename="${basename(path).replace(/["\\]/g, '_')}"`,
    etag: etag(entry),
    'last-modified': new Date(m.mtime * 1000).toUTCString(),
  };
  const want = c.req.header('want-digest')?.toLowerCase();
  const hex = checksumOf(entry);
  const name = m.layout === 'adler' ? 'adler32' : m.layout;
  if (hex && want === name) headers.digest = `${name}=${hex}`;
  return new Response(null, { status: 200, headers });
}

/** GET, as the data server answers it: whole file with checksum headers, or 206 ranges. */
export async function handleGet(c: Context, uploads: Uploads, path: string): Promise<Response> {
  const entry = await entryOrThrow(uploads, path);
  const m = metaOf(entry);
  const type = typeOf(path);
  const rangeHeader = c.req.header('range');
  const blobs = uploads.storage.blobs;
  if (rangeHeader === undefined) {
    const headers: Record<string, string> = {
      'content-type': type,
      'content-length': String(entry.size),
      'last-modified': new Date(m.mtime * 1000).toUTCString(),
    };
    const hex = checksumOf(entry);
    if (hex) {
      const label = m.layout === 'adler' ? 'Adler32' : 'MD5';
      headers['oc-checksum'] = `${label}:${stripLeadingZeros(hex)}`;
      if (c.req.header('want-digest') !== undefined) headers.digest = `${label}=${stripLeadingZeros(hex)}`;
      if (c.req.header('want-repr-digest') !== undefined)
        headers['repr-digest'] = `${m.layout === 'adler' ? 'adler32' : 'md5'}=:${toBase64(fromHex(hex))}:`;
    }
    return new Response(entry.size ? await blobs.read(entry.blobKey, { start: 0, end: entry.size }) : null, { status: 200, headers });
  }
  let ranges: Interval[];
  try {
    if (!rangeHeader.startsWith('bytes=')) throw ILLEGAL_RANGE();
    ranges = resolveRanges(parseRangeHeader(rangeHeader), entry.size);
  } catch {
    throw ILLEGAL_RANGE();
  }
  if (ranges.length === 1) {
    const r = ranges[0]!;
    return new Response(await blobs.read(entry.blobKey, r), {
      status: 206,
      headers: { 'content-type': type, 'content-length': String(r.end - r.start), 'content-range': `bytes ${r.start}-${r.end - 1}/${entry.size}` },
    });
  }
  const enc = new TextEncoder();
  const heads = ranges.map((r, i) =>
    enc.encode(`${i ? '\r\n' : ''}--${BOUNDARY}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end - 1}/${entry.size}\r\n\r\n`),
  );
  const tail = enc.encode(`\r\n--${BOUNDARY}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + ranges[i]!.end - ranges[i]!.start, tail.length);
  async function* body() {
    for (let i = 0; i < ranges.length; i++) {
      yield heads[i]!;
      yield* chunksOf(await blobs.read(entry.blobKey, ranges[i]!));
    }
    yield tail;
  }
  return new Response(streamOf(body()), {
    status: 206,
    headers: { 'content-type': `multipart/byteranges; boundary=${BOUNDARY}`, 'content-length': String(length) },
  });
}
