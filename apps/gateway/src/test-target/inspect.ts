import { type FileRecord, type Storage, type UploadSession, type Uploads, receivedOf } from '@rangeway/core';
import { DIALECTS } from './dialect-of';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function sessionSummary(s: UploadSession) {
  const received = receivedOf(s);
  return {
    id: s.id,
    dialect: s.namespace,
    target: s.target,
    state: s.state,
    total: s.total ?? null,
    received: received.intervals.map((iv) => ({ start: iv.start, end: iv.end })),
    receivedBytes: received.coveredBytes,
    parts: s.parts.length,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    expiresAt: iso(s.expiresAt),
    fileId: s.fileId ?? null,
  };
}

export function sessionDetail(s: UploadSession) {
  return {
    ...sessionSummary(s),
    parts: s.parts.map((p) => ({ id: p.id, start: p.start, end: p.end, digests: p.digests, receivedAt: iso(p.receivedAt) })),
    digests: s.digests,
    meta: s.meta,
  };
}

export function fileSummary(f: FileRecord) {
  return {
    dialect: f.namespace,
    name: f.name,
    id: f.id,
    size: f.size,
    digests: f.digests,
    createdAt: iso(f.createdAt),
    modifiedAt: iso(f.modifiedAt),
  };
}

export async function listSessions(storage: Storage, filter: { dialect?: string; state?: string }) {
  const out: UploadSession[] = [];
  for await (const s of storage.sessions.list({
    ...(filter.dialect && { namespace: filter.dialect }),
    ...(filter.state && { states: [filter.state as UploadSession['state']] }),
  }))
    out.push(s);
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export async function listFiles(storage: Storage, dialect?: string) {
  const out: FileRecord[] = [];
  for (const ns of dialect ? [dialect] : DIALECTS) for await (const f of storage.files.list(ns)) out.push(f);
  return out;
}

/** Forgets every session, file and blob: a clean gateway for the next test. */
export async function resetStorage(uploads: Uploads): Promise<void> {
  const { storage } = uploads;
  const namespaces = new Set<string>(DIALECTS);
  for await (const s of storage.sessions.list()) {
    namespaces.add(s.namespace);
    await uploads.forget(s.id);
  }
  for (const ns of namespaces) for await (const f of storage.files.list(ns)) await storage.files.delete(ns, f.name);
  for await (const key of storage.blobs.list('')) await storage.blobs.delete(key);
}
