import { MultipartError, MultipartReader, bodyChunks, boundaryOf, noteUpload, requestOrigin } from '@rangeway/adapter-kit';
import { type FileRecord, fromHex, streamOfBytes } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError, fileTooLarge } from './box-error';
import { type FileTarget, attributesOf, commitAsFile, unchangedSince } from './file-commit';
import { fileOf } from './files';
import { type BoxFileMeta, fileJson } from './json';
import type { BoxSettings } from './options';
import { checkQuota } from './quota';
import { jsonBody } from './requests';
import { NAMESPACE, checkNameFree, destinationOf, fileNameOf } from './sessions';

/** Bytes held before they are handed to the engine as one write: memory stays bounded whatever the file size. */
const PIECE = 4 * 1024 * 1024;
const ATTRIBUTES_LIMIT = 64 * 1024;

const badRequest = (why: string) => new BoxError(400, 'bad_request', why);

/**
 * Box's one-request upload: `POST /files/content` (new file) and `POST /files/{id}/content` (new
 * version), a multipart/form-data body whose `attributes` part (JSON: `name`, `parent.id`, content
 * times) comes before the `file` part. The file is streamed in bounded pieces; `Content-MD5` (Box
 * means the SHA-1, hex) is checked at commit. 201 with the file, as the chunked commit answers.
 */
export async function uploadFile(c: Context, s: BoxSettings, fileId?: string): Promise<Response> {
  let boundary: string | undefined;
  try {
    boundary = boundaryOf(c.req.header('content-type'));
  } catch {}
  if (boundary === undefined) throw badRequest('The body must be multipart/form-data: an attributes part, then the file part');
  const sha1 = contentSha1(c.req.header('content-md5'));
  const reader = new MultipartReader(bodyChunks(c), boundary);
  try {
    const first = await reader.next();
    if (first?.name === 'file') throw new BoxError(400, 'metadata_after_file_contents', 'The attributes part must come before the file part');
    if (first?.name !== 'attributes') throw badRequest('The first part must be attributes');
    const attributes = parseAttributes(await reader.text(ATTRIBUTES_LIMIT));
    const target = fileId === undefined ? await newFile(s, attributes) : await newVersion(c, s, fileId, attributes);
    if (target === 'unchanged') return c.body(null, 304);
    if ((await reader.next())?.name !== 'file') throw badRequest('The file part is missing');
    const file = await storeAndCommit(c, s, reader.content(), { ...target, sha1 });
    return c.json({ total_count: 1, entries: [fileJson(file)] }, 201);
  } catch (e) {
    throw e instanceof MultipartError ? badRequest(`The multipart body is malformed: ${e.message}`) : e;
  } finally {
    await reader.close();
  }
}

/**
 * OPTIONS /files/content (and /files/{id}/content): Box's preflight check of a one-request upload.
 * It is asked on the API base; the `upload_url` it answers is on the upload base (`/api/2.0`).
 */
export async function preflightUpload(c: Context, s: BoxSettings, fileId?: string): Promise<Response> {
  const body = await jsonBody(c);
  const size = body.size;
  if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) throw badRequest('size must be a whole number of bytes');
  if (typeof size === 'number' && size > s.maxFileSize)
    throw fileTooLarge(s.maxFileSize);
  let existing: FileRecord | undefined;
  if (fileId === undefined) {
    const { folderId, fileName } = destinationOf(s, parentId(body.parent), body.name);
    await checkNameFree(s, folderId, fileName);
  } else {
    existing = await fileOf(s, fileId);
    const meta = existing.meta as BoxFileMeta;
    if (body.name !== undefined) await checkNameFree(s, meta.folderId, fileNameOf(body.name), existing.id);
  }
  if (typeof size === 'number') await checkQuota(s, size, existing);
  return c.json({ upload_url: `${requestOrigin(c, s)}/api/2.0/files/${fileId === undefined ? '' : `${fileId}/`}content`, upload_token: null });
}

const parentId = (parent: unknown) => (parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>).id : undefined);

function parseAttributes(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw badRequest('The attributes part must be a JSON object');
}

/** `Content-MD5`, which Box defines as the file's SHA-1 in hex. */
function contentSha1(header: string | undefined): Uint8Array | undefined {
  if (header === undefined) return undefined;
  if (!/^[0-9a-fA-F]{40}$/.test(header.trim())) throw badRequest('Content-MD5 must be the SHA-1 of the file, in hex');
  return fromHex(header.trim().toLowerCase());
}

async function newFile(s: BoxSettings, a: Record<string, unknown>): Promise<Omit<FileTarget, 'sha1'>> {
  const { folderId, fileName } = destinationOf(s, parentId(a.parent), a.name);
  await checkNameFree(s, folderId, fileName);
  return { folderId, fileName, existing: undefined, attributes: attributesOf({ attributes: pickTimes(a) }) };
}

async function newVersion(c: Context, s: BoxSettings, fileId: string, a: Record<string, unknown>): Promise<Omit<FileTarget, 'sha1'> | 'unchanged'> {
  const existing = await fileOf(s, fileId);
  if (unchangedSince(c, existing)) return 'unchanged';
  const meta = existing.meta as BoxFileMeta;
  const fileName = a.name === undefined ? meta.fileName : fileNameOf(a.name);
  await checkNameFree(s, meta.folderId, fileName, existing.id);
  return { folderId: meta.folderId, fileName, existing, attributes: attributesOf({ attributes: pickTimes(a) }) };
}

/** The content times of an attributes part (its name and parent are the destination, handled apart). */
const pickTimes = (a: Record<string, unknown>) => ({
  ...(a.content_created_at !== undefined && { content_created_at: a.content_created_at }),
  ...(a.content_modified_at !== undefined && { content_modified_at: a.content_modified_at }),
});

/** Streams the file part into a fresh upload session in bounded pieces, commits it, and drops the session record. */
async function storeAndCommit(c: Context, s: BoxSettings, content: AsyncIterable<Uint8Array>, target: FileTarget): Promise<FileRecord> {
  const session = await s.uploads.create({ namespace: NAMESPACE, target: target.fileName, ttlMs: s.sessionTtlMs, trackDigests: ['sha1'], meta: {} });
  noteUpload(c, session.id);
  try {
    let size = 0;
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    const flush = async () => {
      if (size + heldBytes > s.maxFileSize)
        throw fileTooLarge(s.maxFileSize);
      if (heldBytes > 0) await s.uploads.receive(session.id, { start: size, end: size + heldBytes, body: streamOfBytes(...held) });
      size += heldBytes;
      held = [];
      heldBytes = 0;
    };
    for await (const chunk of content) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= PIECE) await flush();
    }
    await flush();
    return await commitAsFile(s, session, { ...target, size });
  } finally {
    // the record has done its job; a failed upload's bytes go with it
    await s.uploads.forget(session.id);
  }
}
