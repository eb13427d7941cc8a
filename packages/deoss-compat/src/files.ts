import { type FileRecord, type Interval, type Storage, parseRangeHeader, resolveRanges } from '@rangeway/core';
import type { Context } from 'hono';
import { NAMESPACE, ownersOf } from './catalog';
import { previewType } from './content-type';
import { DeossError, JSON_TYPE, MSG, envelope } from './envelope';

const OCTETS = 'application/octet-stream';
const FID = /^[0-9a-f]{64}$/;

/** The stored file of a fid, or the `Not found` envelope (code 404, HTTP 200); metadata has its own message. */
export async function fileOf(storage: Storage, fid: string, missing: DeossError = new DeossError(404, MSG.notFound)): Promise<FileRecord> {
  const file = FID.test(fid) ? await storage.files.get(NAMESPACE, fid) : undefined;
  if (!file) throw missing;
  return file;
}

/** GET /file/download/:fid: the whole file, 200. */
export async function download(c: Context, storage: Storage, file: FileRecord): Promise<Response> {
  return c.body(await storage.blobs.read(file.blobKey), 200, { 'content-type': OCTETS, 'content-length': String(file.size) });
}

/**
 * GET /file/open/:fid: the preview, typed by the file name's extension (text/plain otherwise), and
 * honouring one `Range: bytes=…` (206 + Content-Range). A range past the end answers DeOSS's
 * envelope `{416, "invalid range end"}`; several ranges or a malformed header `{416, "invalid range value"}`.
 */
export async function open(c: Context, storage: Storage, file: FileRecord): Promise<Response> {
  const header = c.req.header('range');
  const headers = { 'content-type': previewType(ownersOf(file.meta)[0]?.file_name), 'accept-ranges': 'bytes' };
  if (header === undefined) return c.body(await storage.blobs.read(file.blobKey), 200, { ...headers, 'content-length': String(file.size) });
  let ranges: Interval[];
  try {
    ranges = resolveRanges(parseRangeHeader(header), file.size);
  } catch (e) {
    throw new DeossError(416, (e as { kind?: string }).kind === 'range-not-satisfiable' ? MSG.rangeEnd : MSG.rangeValue);
  }
  if (ranges.length !== 1) throw new DeossError(416, MSG.rangeValue);
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
