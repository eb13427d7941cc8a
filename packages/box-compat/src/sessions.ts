import { noteUpload, requestOrigin } from '@rangeway/adapter-kit';
import { type FileRecord, toHex } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError, fileTooLarge, notFound } from './box-error';
import { type BoxFileMeta, type BoxSessionMeta, sessionJson } from './json';
import { type BoxSettings, partSizeFor } from './options';
import { checkQuota } from './quota';
import { jsonBody, liveSession } from './requests';

export const NAMESPACE = 'box';
export const catalogName = (folderId: string, fileName: string) => `${folderId}/${fileName}`;

const NAME_INVALID = /[\\/\u0000-\u001f]|^\.{1,2}$|^\s|\s$/;

function fileSizeOf(body: Record<string, unknown>): number {
  if (body.file_size === undefined) throw new BoxError(400, 'missing_file_size', 'file_size is required');
  const n = body.file_size;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new BoxError(400, 'invalid_file_size', 'file_size must be a whole number of bytes');
  return n;
}

export function fileNameOf(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 255 || NAME_INVALID.test(v))
    throw new BoxError(400, 'item_name_invalid', 'Item name invalid');
  return v;
}

/** Where a new file goes: a folder that exists and a valid name (Box's 400s and 404 otherwise). */
export function destinationOf(s: BoxSettings, folderId: unknown, fileName: unknown): { folderId: string; fileName: string } {
  if (folderId === undefined) throw new BoxError(400, 'missing_destination', 'folder_id is required');
  if (typeof folderId !== 'string' || !/^\d{1,20}$/.test(folderId)) throw new BoxError(400, 'invalid_folder_id', 'folder_id is not valid');
  if (fileName === undefined) throw new BoxError(400, 'missing_file_name', 'file_name is required');
  const name = fileNameOf(fileName);
  if (!s.folders.includes(folderId)) throw new BoxError(404, 'invalid_parameter', `Folder ${folderId} does not exist or is not accessible`);
  return { folderId, fileName: name };
}

/** A file already named so in the folder, other than `fileId`: 409 item_name_in_use. */
export async function checkNameFree(s: BoxSettings, folderId: string, fileName: string, fileId?: string): Promise<void> {
  const clash = await s.uploads.storage.files.get(NAMESPACE, catalogName(folderId, fileName));
  if (clash && clash.id !== fileId) throw nameInUse(clash.id, fileName);
}

/** POST /files/upload_sessions (new file) and POST /files/{id}/upload_sessions (new version). */
export async function createSession(c: Context, s: BoxSettings, base: string, fileId?: string): Promise<Response> {
  const body = await jsonBody(c);
  let folderId: string;
  let fileName: string;
  let replacing: FileRecord | undefined;
  if (fileId === undefined) {
    ({ folderId, fileName } = destinationOf(s, body.folder_id, body.file_name));
  } else {
    const file = await s.uploads.storage.files.getById(fileId);
    if (!file || file.namespace !== NAMESPACE) throw notFound('file');
    replacing = file;
    const meta = file.meta as unknown as BoxFileMeta;
    folderId = meta.folderId; // a folder_id in the body is accepted and ignored (no moves)
    fileName = body.file_name === undefined ? meta.fileName : fileNameOf(body.file_name);
  }
  const fileSize = fileSizeOf(body);
  if (fileSize < s.minFileSize)
    throw new BoxError(400, 'file_size_too_small', `File size is below minimum file size for uploads via this API (${s.minFileSize} bytes)`);
  if (fileSize > s.maxFileSize)
    throw fileTooLarge(s.maxFileSize);
  // create = preflight: a name clash or a full account is reported now, not only at commit
  await checkNameFree(s, folderId, fileName, fileId);
  await checkQuota(s, fileSize, replacing);

  const meta: BoxSessionMeta = { folderId, fileName, partSize: partSizeFor(fileSize, s), ...(fileId !== undefined && { fileId }) };
  const session = await s.uploads.create({
    id: toHex(s.uploads.ids.bytes(16), true),
    namespace: NAMESPACE,
    target: fileName, // the folder is in meta
    total: fileSize,
    ttlMs: s.sessionTtlMs,
    trackDigests: ['sha1'],
    meta,
  });
  noteUpload(c, session.id);
  return c.json(sessionJson(session, `${requestOrigin(c, s)}${base}`), 201);
}

export function nameInUse(id: string, name: string): BoxError {
  return new BoxError(409, 'item_name_in_use', 'Item with the same name already exists', {
    conflicts: { type: 'file', id, name, etag: null, sequence_id: null },
  });
}

/** GET /files/upload_sessions/{id} */
export async function getSession(c: Context, s: BoxSettings, base: string): Promise<Response> {
  const session = await liveSession(s, c.req.param('id')!);
  return c.json(sessionJson(session, `${requestOrigin(c, s)}${base}`));
}

/** DELETE /files/upload_sessions/{id}: 204 for open and committed sessions (the file stays). */
export async function abortSession(c: Context, s: BoxSettings): Promise<Response> {
  const session = await liveSession(s, c.req.param('id')!);
  if (session.state === 'committed') await s.uploads.forget(session.id);
  else await s.uploads.abort(session.id);
  return c.body(null, 204);
}
