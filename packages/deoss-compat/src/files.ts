import { type FileRecord, type Interval, type Storage, parseRangeHeader, resolveRanges, streamOf } from '@rangeway/core';
import type { Context } from 'hono';
import { NAMESPACE, ownersOf } from './catalog';
import { checkCipher, decryptSegments } from './cipher';
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

type StoredMeta = { readonly encrypted?: boolean; readonly plainSize?: number };

/**
 * The bytes a read serves: as stored, or, for a file stored encrypted and a request with its
 * `Cipher`, decrypted back to what was uploaded. A wrong Cipher fails before the answer starts.
 */
async function served(c: Context, storage: Storage, file: FileRecord): Promise<{ body: ReadableStream<Uint8Array>; size: number; decrypted: boolean }> {
  const meta = file.meta as StoredMeta;
  const cipher = c.req.header('cipher') || undefined;
  const stored = await storage.blobs.read(file.blobKey);
  if (!meta.encrypted || cipher === undefined) return { body: stored, size: file.size, decrypted: false };
  checkCipher(cipher);
  const plain = decryptSegments(stored, file.size, meta.plainSize!, cipher);
  const first = await plain.next();
  async function* all() {
    if (!first.done) yield first.value;
    yield* plain;
  }
  return { body: streamOf(all()), size: meta.plainSize!, decrypted: true };
}

/** GET /file/download/:fid: the whole file, 200 (decrypted with the request's Cipher when it was stored encrypted). */
export async function download(c: Context, storage: Storage, file: FileRecord): Promise<Response> {
  const { body, size } = await served(c, storage, file);
  return c.body(body, 200, { 'content-type': OCTETS, 'content-length': String(size) });
}

/**
 * GET /file/open/:fid: the preview, typed by the file name's extension (text/plain otherwise), and
 * honouring one `Range: bytes=…` (206 + Content-Range). A range past the end answers DeOSS's
 * envelope `{416, "invalid range end"}`; several ranges or a malformed header `{416, "invalid range value"}`.
 */
export async function open(c: Context, storage: Storage, file: FileRecord): Promise<Response> {
  const header = c.req.header('range');
  const headers = { 'content-type': previewType(ownersOf(file.meta)[0]?.file_name), 'accept-ranges': 'bytes' };
  // a decrypted preview is served whole: segments decrypt only from their start
  const whole = header === undefined || ((file.meta as StoredMeta).encrypted && c.req.header('cipher'));
  if (whole) {
    const { body, size } = await served(c, storage, file);
    return c.body(body, 200, { ...headers, 'content-length': String(size) });
  }
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
  const size = (file.meta as StoredMeta).plainSize ?? file.size;
  return c.body(envelope(200, MSG.ok, { fid: file.name, size, owner }), 200, { 'content-type': JSON_TYPE });
}
