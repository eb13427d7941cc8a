import { type FileRecord, type Uploads, collectBytes, fromBase64, streamOfBytes } from '@rangeway/core';
import type { Caller } from './auth';
import { badRequest, conflict } from './http-error';
import { withPathLock } from './path-lock';
import { NAMESPACE, assertCreatable, assertParentsAreFolders, commitGuard, isFolder, isFolderRecord } from './placement';

/** The documented limit of the one-request uploads: 10 MB of decoded content. */
export const SMALL_UPLOAD_LIMIT = 10 * 1024 * 1024;
/** Room for JSON or multipart framing around the content. */
const FRAMING = 64 * 1024;
export const BASE64_BODY_LIMIT = Math.ceil(SMALL_UPLOAD_LIMIT / 3) * 4 + FRAMING;
export const MULTIPART_BODY_LIMIT = SMALL_UPLOAD_LIMIT + FRAMING;

/** A request body read into memory, refused (400) past `limit` bytes: only for these bounded uploads. */
export async function boundedBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  try {
    return await collectBytes(body, limit);
  } catch {
    throw badRequest(`The request body is larger than ${limit} bytes; use format=resumable for big files.`);
  }
}

/** `{content?: base64, isFolder?: bool}` of a format=base64 upload. */
export function parseBase64Request(text: Uint8Array): { content: Uint8Array; isFolder: boolean } {
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw badRequest('The request body must be a JSON object.');
  const { content, isFolder } = json as { content?: unknown; isFolder?: unknown };
  if (isFolder !== undefined && isFolder !== null && typeof isFolder !== 'boolean') throw badRequest('isFolder must be true or false.');
  if (isFolder === true) return { content: new Uint8Array(0), isFolder: true };
  if (content !== undefined && content !== null && typeof content !== 'string') throw badRequest('content must be a base64 string.');
  let bytes: Uint8Array;
  try {
    bytes = typeof content === 'string' ? fromBase64(content) : new Uint8Array(0);
  } catch {
    throw badRequest('content is not valid base64.');
  }
  return { content: bytes, isFolder: false };
}

/**
 * The one-request uploads (format=base64 and format=multipart): the bytes go through the same
 * engine as a resumable upload (one write, one commit, the same name checks), so a file made
 * either way is the same kind of file.
 */
export class SmallUploads {
  constructor(private readonly uploads: Uploads) {}

  create(path: string, caller: Caller, isOverwrite: boolean, content: Uint8Array): Promise<FileRecord> {
    if (content.length > SMALL_UPLOAD_LIMIT)
      throw badRequest(`The content has ${content.length} bytes; at most ${SMALL_UPLOAD_LIMIT} are allowed; use format=resumable.`);
    return withPathLock(this.uploads, path, async () => {
      const files = this.uploads.storage.files;
      await assertCreatable(files, path, isOverwrite);
      return this.commit(path, content, { modifiedBy: caller.login }, commitGuard(files, path, isOverwrite));
    });
  }

  /** An explicit, empty folder (isFolder:true); an existing folder needs isOverwrite=true. */
  folder(path: string, caller: Caller, isOverwrite: boolean): Promise<FileRecord> {
    return withPathLock(this.uploads, path, async () => {
      const files = this.uploads.storage.files;
      const existing = await files.get(NAMESPACE, path);
      if (existing && !isFolderRecord(existing)) throw conflict('A file with this path exists.');
      await assertParentsAreFolders(files, path);
      if (!isOverwrite && (await isFolder(files, path))) throw conflict('The folder already exists; pass isOverwrite=true.');
      return this.commit(path, new Uint8Array(0), { modifiedBy: caller.login, isFolder: true });
    });
  }

  private async commit(
    path: string,
    content: Uint8Array,
    meta: Record<string, unknown>,
    precondition?: (s: unknown, existing: FileRecord | undefined) => Promise<void>,
  ): Promise<FileRecord> {
    const session = await this.uploads.create({ namespace: NAMESPACE, target: path, total: content.length });
    try {
      if (content.length > 0)
        await this.uploads.receive(session.id, { start: 0, end: content.length, body: streamOfBytes(content) });
      const { file } = await this.uploads.commit(session.id, { name: path, meta, ...(precondition && { precondition }) });
      return file;
    } finally {
      // the record has done its job; a failed upload's bytes go with it
      await this.uploads.forget(session.id);
    }
  }
}
