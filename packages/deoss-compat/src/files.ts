import { type FileRecord, type Interval, type Storage, parseRangeHeader, resolveRanges } from '@rangeway/core';
import type { Context } from 'hono';
import { NAMESPACE, ownersOf } from './catalog';
import { DeossError, JSON_TYPE, MSG, envelope } from './envelope';

const OCTETS = 'application/octet-stream';
const FID = /^[0-9a-f]{64}$/;

/** The stored file of a fid, or the `Not found` envelope (code 404, HTTP 200). */
export async function fileOf(storage: Storage, fid: string): Promise<FileRecord> {
  const file = FID.test(fid) ? await storage.files.get(NAMESPACE, fid) : undefined;
  if (!file) throw new DeossError(404, MSG.notFound);
  return file;
}

/** GET /file/download/:fid: the whole file, 200. */
export async function download(c: Context, storage: Storage, file: FileRecord): Promise<Response> {
  return c.body(await storage.blobs.read(file.blobKey), 200, { 'content-type': OCTETS, 'content-length': String(file.size) });
}

/**
 * GET /file/open/:fid: the preview, honouring one `Range: bytes=…` (206 + Content-Range) the way
 * Go's http.ServeContent does; a multi-range or malformed header gets the whole file, an
 * unsatisfiable one 416 with `bytes *\/size`.
 */
export async function open(c: Context, storage: Storage, file: FileRecord): Promise<Response> {
  const header = c.req.header('range');
  const headers = { 'content-type': OCTETS, 'accept-ranges': 'bytes' };
  let ranges: Interval[] | undefined;
  if (header !== undefined) {
    try {
      ranges = resolveRanges(parseRangeHeader(header), file.size);
    } catch (e) {
      if ((e as { kind?: string }).kind === 'range-not-satisfiable')
        return c.body(null, 416, { ...headers, 'content-range': `bytes */${file.size}` });
    }
  }
  if (ranges?.length !== 1) return c.body(await storage.blobs.read(file.blobKey), 200, { ...headers, 'content-length': String(file.size) });
  const iv = ranges[0]!;
  return c.body(await storage.blobs.read(file.blobKey, iv), 206, {
    ...headers,
    'content-length': String(iv.end - iv.start),
    'content-range': `bytes ${iv.start}-${iv.end - 1}/${file.size}`,
  });
}

/** GET /file/metadata/:fid: `{fid,size,owner:[{user,file_name}]}`. */
export function metadata(c: Context, file: FileRecord): Response {
  const owner = ownersOf(file.meta).map((o) => ({ user: o.user, file_name: o.file_name }));
  return c.body(envelope(200, MSG.ok, { fid: file.name, size: file.size, owner }), 200, { 'content-type': JSON_TYPE });
}
