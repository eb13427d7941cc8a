import type { FileRecord, PartRecord, UploadSession } from '@rangeway/core';

/** What a Box upload session remembers beyond the core session. */
export type BoxSessionMeta = {
  readonly folderId: string;
  readonly fileName: string;
  readonly partSize: number;
  /** set for a new-version session */
  readonly fileId?: string;
  /** the 202 fault has been served once */
  readonly commitAccepted?: boolean;
};

/** What a committed Box file remembers; the commit's `attributes` when given. */
export type BoxFileMeta = {
  readonly folderId: string;
  readonly fileName: string;
  readonly version: number;
  readonly versionId: string;
  readonly description?: string;
  /** epoch ms */
  readonly contentCreatedAt?: number;
  readonly contentModifiedAt?: number;
};

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function partJson(p: PartRecord) {
  return { part_id: p.id, offset: p.start, size: p.end - p.start, sha1: p.digests.sha1 };
}

export function sessionJson(s: UploadSession, base: string) {
  const meta = s.meta as unknown as BoxSessionMeta;
  const url = `${base}/files/upload_sessions/${s.id}`;
  return {
    id: s.id,
    type: 'upload_session',
    session_expires_at: iso(s.expiresAt!),
    part_size: meta.partSize,
    total_parts: Math.ceil(s.total! / meta.partSize),
    num_parts_processed: s.parts.length,
    session_endpoints: {
      upload_part: url,
      commit: `${url}/commit`,
      abort: url,
      list_parts: `${url}/parts`,
      status: url,
      log_event: `${url}/log`,
    },
  };
}

const USER = { type: 'user', id: '1', name: 'Rangeway', login: 'rangeway@example.com' };
const folder = (id: string) => ({ type: 'folder', id, sequence_id: null, etag: null, name: id === '0' ? 'All Files' : `Folder ${id}` });

/** The standard Box `File` field set for a committed upload (spec §6). */
export function fileJson(f: FileRecord) {
  const meta = f.meta as unknown as BoxFileMeta;
  const parents = meta.folderId === '0' ? [folder('0')] : [folder('0'), folder(meta.folderId)];
  return {
    type: 'file',
    id: f.id,
    etag: String(meta.version),
    sequence_id: String(meta.version),
    name: meta.fileName,
    sha1: f.digests.sha1,
    size: f.size,
    description: meta.description ?? '',
    file_version: { type: 'file_version', id: meta.versionId, sha1: f.digests.sha1 },
    path_collection: { total_count: parents.length, entries: parents },
    created_at: iso(f.createdAt),
    modified_at: iso(f.modifiedAt),
    trashed_at: null,
    purged_at: null,
    content_created_at: iso(meta.contentCreatedAt ?? f.createdAt),
    content_modified_at: iso(meta.contentModifiedAt ?? f.modifiedAt),
    created_by: USER,
    modified_by: USER,
    owned_by: USER,
    shared_link: null,
    parent: folder(meta.folderId),
    item_status: 'active',
  };
}
