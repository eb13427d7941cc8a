import { type FileRecord, parseRangeHeader, resolveRanges } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError, notFound } from './box-error';
import { checkTicket, redirectToDownload } from './download';
import { fileJson } from './json';
import type { BoxSettings } from './options';
import { NAMESPACE } from './sessions';

/** A committed Box file by id, or Box's 404. */
export async function fileOf(s: BoxSettings, id: string): Promise<FileRecord> {
  const file = await s.uploads.storage.files.getById(id);
  if (!file || file.namespace !== NAMESPACE) throw notFound('file');
  return file;
}

/** GET /files/{id}: the file object. */
export async function getFile(c: Context, s: BoxSettings): Promise<Response> {
  return c.json(fileJson(await fileOf(s, c.req.param('id')!)));
}

/** GET /files/{id}/content: 302 to the file's download URL, as Box answers. */
export async function getContent(c: Context, s: BoxSettings, base: string): Promise<Response> {
  const file = await fileOf(s, c.req.param('id')!);
  return redirectToDownload(c, s, base, file.id, file.blobKey);
}

/** GET the download URL: the bytes, with one `Range` honoured (206); no bearer token needed. */
export async function download(c: Context, s: BoxSettings): Promise<Response> {
  const file = await fileOf(s, c.req.param('id')!);
  await checkTicket(c, s, file.id, file.blobKey);
  const blobs = s.uploads.storage.blobs;
  const range = c.req.header('range');
  const base = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', etag: `"${file.digests.sha1}"` };
  if (range === undefined)
    return new Response(await blobs.read(file.blobKey), { status: 200, headers: { ...base, 'content-length': String(file.size) } });
  let iv;
  try {
    const ranges = resolveRanges(parseRangeHeader(range), file.size);
    if (ranges.length !== 1) throw new Error('one range only');
    iv = ranges[0]!;
  } catch {
    throw new BoxError(416, 'requested_range_not_satisfiable', 'The requested range is not satisfiable', null, {
      'content-range': `bytes */${file.size}`,
    });
  }
  return new Response(await blobs.read(file.blobKey, iv), {
    status: 206,
    headers: { ...base, 'content-length': String(iv.end - iv.start), 'content-range': `bytes ${iv.start}-${iv.end - 1}/${file.size}` },
  });
}

/** DELETE /files/{id}: 204. */
export async function deleteFile(c: Context, s: BoxSettings): Promise<Response> {
  const file = await fileOf(s, c.req.param('id')!);
  await s.uploads.storage.files.delete(NAMESPACE, file.name);
  await s.uploads.storage.blobs.delete(file.blobKey);
  return c.body(null, 204);
}
