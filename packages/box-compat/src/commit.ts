import { type FileRecord, type UploadSession, toHex } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError } from './box-error';
import { attributesOf, commitAsFile, unchangedSince } from './file-commit';
import { type BoxSessionMeta, fileJson } from './json';
import type { BoxSettings } from './options';
import { jsonBody, liveSession, sha1FromDigest } from './requests';

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
  if (unchangedSince(c, existing)) return c.body(null, 304);
  if (s.commit202 && !meta.commitAccepted) {
    await s.uploads.updateMeta(session.id, (m) => ({ ...m, commitAccepted: true }));
    return c.body(null, 202, { 'retry-after': String(s.retryAfterSeconds) });
  }
  const file = await commitAsFile(s, session, { folderId: meta.folderId, fileName: meta.fileName, existing, attributes, sha1 });
  return created(c, file);
}
