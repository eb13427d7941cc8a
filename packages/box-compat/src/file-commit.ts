import { DigestMismatchError, type FileRecord, type UploadSession, toBase64 } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError } from './box-error';
import { toBoxError } from './error-map';
import type { BoxFileMeta } from './json';
import type { BoxSettings } from './options';
import { checkQuota } from './quota';
import { catalogName, nameInUse } from './sessions';

export type Attributes = Pick<BoxFileMeta, 'description' | 'contentCreatedAt' | 'contentModifiedAt'>;

/** The commit's optional `attributes`: `description` (up to 256 characters) and the two content times (RFC 3339). */
export function attributesOf(body: Record<string, unknown>): Attributes {
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

/**
 * `If-Match` / `If-None-Match` against the file's etag (its version): 412 precondition_failed when
 * If-Match names another; true when If-None-Match names the current one (Box then answers 304 and
 * commits nothing: "only if changed").
 */
export function unchangedSince(c: Context, existing: FileRecord | undefined): boolean {
  const etag = existing === undefined ? undefined : String((existing.meta as BoxFileMeta).version);
  const ifMatch = c.req.header('if-match');
  if (ifMatch !== undefined && ifMatch !== etag)
    throw new BoxError(412, 'precondition_failed', 'The resource has been modified. Please retrieve the resource again and retry');
  return etag !== undefined && c.req.header('if-none-match') === etag;
}

export type FileTarget = {
  readonly folderId: string;
  readonly fileName: string;
  /** the file this upload is a new version of */
  readonly existing: FileRecord | undefined;
  readonly attributes: Attributes;
  /** the SHA-1 the client says the file has */
  readonly sha1?: Uint8Array | undefined;
  /** the size, for an upload whose length was not declared up front */
  readonly size?: number;
};

/**
 * Commits an upload session as a Box file: the next version of `existing` (same id, version + 1,
 * its description kept unless set again), or a new file. A name taken by another file is 409
 * item_name_in_use; a SHA-1 other than the client's is 400 digest_mismatch; past the quota, 403.
 */
export async function commitAsFile(s: BoxSettings, session: UploadSession, t: FileTarget): Promise<FileRecord> {
  await checkQuota(s, t.size ?? session.total ?? 0, t.existing);
  const previous = t.existing?.meta as BoxFileMeta | undefined;
  const fileId = t.existing?.id ?? newFileId(s);
  const meta: BoxFileMeta = {
    folderId: t.folderId,
    fileName: t.fileName,
    version: (previous?.version ?? -1) + 1,
    versionId: newFileId(s),
    ...(previous?.description !== undefined && { description: previous.description }),
    ...t.attributes,
  };
  try {
    const { file } = await s.uploads.commit(session.id, {
      name: catalogName(t.folderId, t.fileName),
      fileId,
      ...(t.sha1 && { expect: [{ algorithm: 'sha1' as const, value: t.sha1 }] }),
      ...(t.size !== undefined && { size: t.size }),
      meta,
      precondition: (_, clash) => {
        if (clash && clash.id !== fileId) throw nameInUse(clash.id, t.fileName);
      },
    });
    return file;
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
