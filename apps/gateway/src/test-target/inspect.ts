import { type FileRecord, type Storage, type UploadSession, type Uploads, receivedOf } from '@rangeway/core';
import { DIALECTS } from './dialect-of';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** Where the request log's path filter finds an upload's requests (Box addresses sessions by id). */
const requestsPath = (s: UploadSession) => (s.namespace === 'box' ? s.id : s.target);

/**
 * One upload as the admin API and the live page show it. `total` is the declared size: the
 * session's, or `meta.declaredTotal` for dialects that size a file by what is written (EOS).
 * `inFlight` are the writes this process is receiving right now, with the bytes so far.
 */
export function sessionSummary(s: UploadSession, uploads: Uploads) {
  const received = receivedOf(s);
  const declared = typeof s.meta.declaredTotal === 'number' ? s.meta.declaredTotal : null;
  const inFlight = uploads.inFlight.of(s.id).map((w) => ({ start: w.start, end: w.end, bytes: w.bytes, startedAt: iso(w.startedAt) }));
  return {
    id: s.id,
    dialect: s.namespace,
    target: s.target,
    state: s.state,
    total: s.total ?? declared,
    received: received.intervals.map((iv) => ({ start: iv.start, end: iv.end })),
    receivedBytes: received.coveredBytes,
    inFlight,
    inFlightBytes: inFlight.reduce((n, w) => n + w.bytes, 0),
    parts: s.parts.length,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    expiresAt: iso(s.expiresAt),
    fileId: s.fileId ?? null,
    links: {
      detail: `/_rangeway/sessions/${encodeURIComponent(s.id)}`,
      requests: `/_rangeway/requests?path=${encodeURIComponent(requestsPath(s))}`,
    },
  };
}

export function sessionDetail(s: UploadSession, uploads: Uploads) {
  return {
    ...sessionSummary(s, uploads),
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
