import { DigestMismatchError, type FileRecord, type UploadSession, toBase64, toHex } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError } from './box-error';
import { toBoxError } from './error-map';
import { type BoxFileMeta, type BoxSessionMeta, fileJson } from './json';
import type { BoxSettings } from './options';
import { jsonBody, liveSession, sha1FromDigest } from './requests';
import { catalogName, nameInUse } from './sessions';

const partsMismatch = (why: string) => new BoxError(400, 'bad_request', `The parts list does not match the uploaded parts: ${why}`);

/** The client's `parts` must be exactly the stored parts, in offset order. */
function checkParts(body: Record<string, unknown>, session: UploadSession): void {
  const parts = body.parts;
  if (!Array.isArray(parts) || parts.length === 0) throw partsMismatch('parts is missing or empty');
  const stored = [...session.parts].sort((a, b) => a.start - b.start);
  if (parts.length !== stored.length) throw partsMismatch(`${parts.length} listed, ${stored.length} uploaded`);
  parts.forEach((p: unknown, i) => {
    const want = stored[i]!;
    const got = (p ?? {}) as Record<string, unknown>;
    if (got.part_id !== want.id || got.offset !== want.start || got.size !== want.end - want.start)
      throw partsMismatch(`entry ${i} is not part ${want.id} at offset ${want.start}`);
    if (got.sha1 !== undefined && got.sha1 !== want.digests.sha1) throw partsMismatch(`entry ${i} has another sha1`);
  });
}

type Attributes = Pick<BoxFileMeta, 'description' | 'contentCreatedAt' | 'contentModifiedAt'>;

/** The commit's optional `attributes`: `description` (up to 256 characters) and the two content times (RFC 3339). */
function attributesOf(body: Record<string, unknown>): Attributes {
  const a = body.attributes;
  if (a === undefined || a === null) return {};
  if (typeof a !== 'object' || Array.isArray(a)) throw new BoxError(400, 'bad_request', 'attributes must be an object');
  const { description, content_created_at: created, content_modified_at: modified } = a as Record<string, unknown>;
  if (description !== undefined && (typeof description !== 'string' || description.length > 256))
    throw new BoxError(400, 'bad_request', 'attributes.description must be a string of at most 256 characters');
  const time = (v: unknown, field: string) => {
    if (v === undefined) return undefined;
    const ms = typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(ms)) throw new BoxError(400, 'bad_request', `attributes.${field} must be an RFC 3339 date-time`);
    return ms;
  };
  return {
    ...(description !== undefined && { description: description as string }),
    ...(created !== undefined && { contentCreatedAt: time(created, 'content_created_at') }),
    ...(modified !== undefined && { contentModifiedAt: time(modified, 'content_modified_at') }),
  };
}

const created = (c: Context, file: FileRecord) => c.json({ total_count: 1, entries: [fileJson(file)] }, 201);

/** POST /files/upload_sessions/{id}/commit */
export async function commitSession(c: Context, s: BoxSettings): Promise<Response> {
  const session = await liveSession(s, c.req.param('id')!);
  const meta = session.meta as unknown as BoxSessionMeta;
  const sha1 = sha1FromDigest(c);
  const body = await jsonBody(c);
  if (session.state === 'committed') {
    // a repeated commit answers like the first one (Box advises retrying commits)
    const file = await s.uploads.storage.files.getById(session.fileId!);
    if (file && toHex(sha1) === file.digests.sha1) return created(c, file);
    throw new BoxError(409, 'conflict', 'The upload session is already committed');
  }
  checkParts(body, session);
  const attributes = attributesOf(body);
  const existing = meta.fileId === undefined ? undefined : await s.uploads.storage.files.getById(meta.fileId);
  const previous = existing?.meta as BoxFileMeta | undefined;
  const etag = previous === undefined ? undefined : String(previous.version);
  const ifMatch = c.req.header('if-match');
  if (ifMatch !== undefined && ifMatch !== etag)
    throw new BoxError(412, 'precondition_failed', 'The resource has been modified. Please retrieve the resource again and retry');
  // If-None-Match: commit only if the file changed since the client saw this etag; otherwise 304, nothing committed
  if (etag !== undefined && c.req.header('if-none-match') === etag) return c.body(null, 304);
  if (s.commit202 && !meta.commitAccepted) {
    await s.uploads.updateMeta(session.id, (m) => ({ ...m, commitAccepted: true }));
    return c.body(null, 202, { 'retry-after': String(s.retryAfterSeconds) });
  }
  const version = ((existing?.meta as BoxFileMeta | undefined)?.version ?? -1) + 1;
  const fileId = existing?.id ?? newFileId(s);
  const fileMeta: BoxFileMeta = {
    folderId: meta.folderId,
    fileName: meta.fileName,
    version,
    versionId: newFileId(s),
    // a new version keeps the file's description unless the commit sets one
    ...(previous?.description !== undefined && { description: previous.description }),
    ...attributes,
  };
  try {
    const { file } = await s.uploads.commit(session.id, {
      name: catalogName(meta.folderId, meta.fileName),
      fileId,
      expect: [{ algorithm: 'sha1', value: sha1 }],
      meta: fileMeta,
      precondition: (_, clash) => {
        if (clash && clash.id !== fileId) throw nameInUse(clash.id, meta.fileName);
      },
    });
    return created(c, file);
  } catch (e) {
    if (e instanceof DigestMismatchError)
      throw new BoxError(400, 'digest_mismatch', `File digest was incorrect. Actual: ${toBase64(e.actual)} Expected: ${toBase64(e.expected)}`);
    if (e instanceof BoxError) throw e;
    throw toBoxError(e, s, session);
  }
}

/** Box file ids are numeric strings. */
export function newFileId(s: BoxSettings): string {
  const b = s.uploads.ids.bytes(5);
  let n = 0;
  for (const x of b) n = n * 256 + x;
  return String(1_000_000 + n);
}
