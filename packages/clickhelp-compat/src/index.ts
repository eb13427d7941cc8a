import { bodySource, contentLength, drainBody, noteUpload } from '@rangeway/adapter-kit';
import { type ContentRange, type FileRecord, parseContentRange } from '@rangeway/core';
import { type Context, Hono } from 'hono';
import { type Caller, authenticate, parseUser, requireWriter } from './auth';
import { errorResponse } from './error-map';
import { entryJson, entryOf, uploadJson } from './file-json';
import { StorageFiles } from './files';
import { ClickhelpError, JSON_TYPE, badRequest, notFound } from './http-error';
import { type ClickhelpDialectOptions, settingsOf } from './options';
import { isFolder } from './placement';
import { STORAGE_PREFIX, requireNamed, storagePath } from './paths';
import { boolParam, formatParam } from './query';
import { BASE64_BODY_LIMIT, MULTIPART_BODY_LIMIT, SmallUploads, boundedBody, parseBase64Request } from './small-upload';
import { type Progress, ResumableUploads, rangeHeader } from './resumable';

export type { ClickhelpDialectOptions } from './options';
export { DEFAULTS as CLICKHELP_DEFAULTS } from './options';
export { clickhelpUnavailable } from './unavailable';

/** Step 1 succeeds with 200 and an empty body (Rangeway choice; one constant if a capture shows 204). */
const START_STATUS = 200;
const MAX_CONTENT_RANGE = 100;
const START_BODY_LIMIT = 64 * 1024;

/**
 * The ClickHelp storage API (`/api/v1/storage/{path}`): resumable upload (POST start, PUT chunks,
 * offset query), the one-request base64 / multipart uploads, file info and listing (GET), and the
 * HEAD / DELETE extensions. Mounted at `/`; every failure answers in ClickHelp's error shape.
 */
export function clickhelpDialect(options: ClickhelpDialectOptions): Hono {
  const settings = settingsOf(options);
  const users = (options.users ?? []).map(parseUser);
  const resumable = new ResumableUploads(settings);
  const files = new StorageFiles(settings.uploads);
  const small = new SmallUploads(settings.uploads);
  const callerOf = (c: Context): Caller => authenticate(users, c.req.header('authorization'));

  const app = new Hono();
  app.onError(errorResponse);
  const routes = [STORAGE_PREFIX, `${STORAGE_PREFIX}/*`];

  // Step 1: start (or restart) a resumable upload; or a one-request upload (base64, multipart)
  app.post(`${STORAGE_PREFIX}/*`, async (c) => {
    const caller = callerOf(c);
    requireWriter(caller);
    const path = requireNamed(storagePath(c.req.url));
    const format = formatParam(c);
    if (format === undefined) throw badRequest('Query parameter format is required: resumable, base64 or multipart.');
    const isOverwrite = boolParam(c, 'isOverwrite', false);
    if (format !== 'resumable') {
      const file = await oneRequestUpload(c, format, (content) =>
        content === 'folder' ? small.folder(path, caller, isOverwrite) : small.create(path, caller, isOverwrite, content),
      );
      return c.body(uploadJson(file), 201, { 'content-type': JSON_TYPE });
    }
    if (!(await drainBody(c, START_BODY_LIMIT))) throw badRequest('Starting an upload takes no request body.');
    await resumable.start(path, isOverwrite);
    return c.body(null, START_STATUS, { 'content-length': '0' });
  });

  // Step 2: one chunk, or the offset query (empty body, `Content-Range: bytes */total`)
  app.put(`${STORAGE_PREFIX}/*`, async (c) => {
    const caller = callerOf(c);
    requireWriter(caller);
    const path = requireNamed(storagePath(c.req.url));
    if (formatParam(c) !== 'resumable') throw badRequest('Query parameter format=resumable is required.');
    const range = contentRangeOf(c);
    const length = contentLength(c);
    if (Number.isNaN(length)) throw badRequest('Content-Length is not a plain decimal number.');
    if (range.kind === 'unsatisfied') {
      if ((length ?? 0) > 0 || !(await drainBody(c, 0))) throw badRequest('An offset query (bytes */total) has an empty body.');
      return progressResponse(c, await resumable.status(path, range.total));
    }
    return progressResponse(c, await resumable.chunk(path, caller, range, bodySource(c), length));
  });

  // file info, folder listing, and the HEAD ?format=resumable offset query (Hono routes HEAD here)
  const getStorage = async (c: Context) => {
    callerOf(c);
    const path = storagePath(c.req.url);
    const format = formatParam(c);
    if (format === 'resumable') return progressResponse(c, await resumable.status(requireNamed(path), undefined));
    if (format === 'multipart') throw badRequest('GET takes format=base64 or no format.');
    const filter = c.req.query('filter');
    if (filter !== undefined && (filter.length === 0 || filter.length > 255)) throw badRequest('filter must have 1 to 255 characters.');
    const recursive = boolParam(c, 'isRecursive', false);
    const file = path === '' || filter !== undefined ? undefined : await files.get(path);
    if (file) {
      // HEAD gets the headers only: no need to open the stored bytes
      if (format === 'base64' && c.req.method !== 'HEAD') return c.body(await files.base64Json(file), 200, { 'content-type': JSON_TYPE });
      return c.body(entryJson(entryOf(file)), 200, { 'content-type': JSON_TYPE });
    }
    const entries = await files.list(path, { filter, recursive });
    if (!entries) throw notFound('No file or folder has this path.');
    return c.body(`[${entries.map((e) => entryJson(e)).join(',')}]`, 200, { 'content-type': JSON_TYPE });
  };
  app.get(STORAGE_PREFIX, getStorage);
  app.get(`${STORAGE_PREFIX}/*`, getStorage);

  // extensions: cancel an unfinished upload; delete a file when the gateway allows it
  app.delete(`${STORAGE_PREFIX}/*`, async (c) => {
    requireWriter(callerOf(c));
    const path = requireNamed(storagePath(c.req.url));
    const format = formatParam(c);
    if (format === 'resumable') {
      await resumable.cancel(path);
      return c.body(null, 204);
    }
    if (format !== undefined) throw badRequest('DELETE takes format=resumable or no format.');
    if (!settings.allowDelete) throw new ClickhelpError(501, 'Deleting storage files is not supported by the API.');
    if (!(await files.delete(path))) {
      if (await isFolder(settings.uploads.storage.files, path)) throw new ClickhelpError(501, 'Deleting folders is not supported.');
      throw notFound('No file has this path.');
    }
    await resumable.forgetCommitted(path);
    return c.body(null, 204);
  });

  for (const route of routes)
    app.all(route, (c) => {
      throw new ClickhelpError(501, `${c.req.method} is not supported by the storage API.`);
    });
  return app;
}

/** Reads a bounded base64 JSON or multipart body and hands its content on ('folder' for isFolder:true). */
async function oneRequestUpload(
  c: Context,
  format: 'base64' | 'multipart',
  create: (content: Uint8Array | 'folder') => Promise<FileRecord>,
): Promise<FileRecord> {
  if (format === 'base64') {
    const req = parseBase64Request(await boundedBody(c.req.raw.body, BASE64_BODY_LIMIT));
    return create(req.isFolder ? 'folder' : req.content);
  }
  const body = await boundedBody(c.req.raw.body, MULTIPART_BODY_LIMIT);
  const type = c.req.header('content-type') ?? '';
  const form = await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': type }, body: body as BodyInit })
    .formData()
    .catch(() => {
      throw badRequest('The request body is not valid multipart/form-data.');
    });
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw badRequest('The form needs a file field named "file".');
  return create(new Uint8Array(await file.arrayBuffer()));
}

function contentRangeOf(c: Context): ContentRange {
  const value = c.req.header('content-range');
  if (value === undefined) throw badRequest('Content-Range is required, e.g. "bytes 0-10485759/52428800".');
  if (value.length > MAX_CONTENT_RANGE) throw badRequest('Content-Range is too long.');
  const range = parseContentRange(value);
  if (range.total === 0) throw badRequest('The total size must be at least 1 byte.');
  return range;
}

/** 202 + `Range` (when bytes are held) while receiving; 201 + the file JSON once done. */
function progressResponse(c: Context, p: Progress): Response {
  noteUpload(c, p.uploadId);
  if (p.done) return c.body(uploadJson(p.file), 201, { 'content-type': JSON_TYPE });
  return c.body(null, 202, p.held > 0 ? { range: rangeHeader(p.held) } : {});
}
