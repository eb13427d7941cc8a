import { type PartList, SharedPartList, type UploadSession } from '@rangeway/core';

/**
 * One change to a session, as a line of its journal: the new version, the top-level fields that
 * changed (`s`), the ones removed (`d`), and lists that kept a prefix (`t`: how many items stay,
 * then the new tail). Stored sessions share unchanged sub-objects by reference, so a write that
 * adds a part to a list of thousands journals that one part, not the list.
 */
export type SessionDelta = {
  readonly v: number;
  readonly s?: Record<string, unknown>;
  readonly t?: Record<string, readonly [number, readonly unknown[]]>;
  readonly d?: readonly string[];
  /** blob bytes that follow the line: [offset in the blob, length] (see replayJournal) */
  readonly w?: readonly [number, number];
};

type Fields = Readonly<Record<string, unknown>>;

/** The delta that turns `prev` into `next` (compared by reference: both are stored, frozen forms). */
export function deltaBetween(prev: UploadSession, next: UploadSession): SessionDelta {
  const a = prev as unknown as Fields;
  const b = next as unknown as Fields;
  const s: Record<string, unknown> = {};
  const t: Record<string, readonly [number, readonly unknown[]]> = {};
  const d: string[] = [];
  for (const [k, after] of Object.entries(b)) {
    const before = a[k];
    if (after === before || k === 'version') continue;
    if (after === undefined) {
      if (before !== undefined) d.push(k);
      continue;
    }
    const kept = isList(before) && isList(after) ? SharedPartList.sharedPrefix(before, after) : 0;
    if (kept > 0) t[k] = [kept, (after as PartList).slice(kept)];
    else s[k] = after;
  }
  for (const k of Object.keys(a)) if (!(k in b) && a[k] !== undefined) d.push(k);
  return {
    v: next.version,
    ...(Object.keys(s).length > 0 && { s }),
    ...(Object.keys(t).length > 0 && { t }),
    ...(d.length > 0 && { d }),
  };
}

/** A list a delta may journal by its new tail: an array, or a session's SharedPartList. */
const isList = (v: unknown): v is PartList => Array.isArray(v) || v instanceof SharedPartList;

/** `prev` with `delta` applied; throws if the delta is not the next version or is malformed. */
export function applyDelta(prev: UploadSession, delta: SessionDelta): UploadSession {
  if (!delta || typeof delta !== 'object' || delta.v !== prev.version + 1)
    throw new TypeError(`journal entry is not version ${prev.version + 1}`);
  const out: Record<string, unknown> = { ...(prev as unknown as Fields), ...delta.s, version: delta.v };
  for (const [k, [kept, tail]] of Object.entries(delta.t ?? {})) {
    const before = out[k];
    if (!isList(before) || !Array.isArray(tail) || !Number.isSafeInteger(kept) || kept > before.length)
      throw new TypeError(`journal entry keeps ${String(kept)} items of ${k}`);
    out[k] = [...before.slice(0, kept), ...tail];
  }
  for (const k of delta.d ?? []) delete out[k];
  return out as unknown as UploadSession;
}

/** Bytes a journal entry carries for the session's blob (LoggedWrites), as they are replayed. */
export type JournalBytes = { readonly blobKey: string; readonly offset: number; readonly bytes: Uint8Array };

export type Replayed = {
  readonly session: UploadSession;
  /** where the valid entries end */
  readonly goodBytes: number;
  /** how many blob bytes the valid entries carry */
  readonly loggedBytes: number;
};

const NEWLINE = 0x0a;
const utf8 = new TextDecoder();

/**
 * Replays a journal onto a snapshot. An entry is a JSON line; one with `w: [offset, length]` is
 * followed by that many raw bytes for the session's blob, handed to `onBytes` in order. Entries at
 * or below the snapshot's version are skipped, bytes included (a snapshot written after them,
 * then a crash before the journal was removed: their bytes were synced before the snapshot, and
 * may since have been overwritten). Replay stops at the first entry that is incomplete or does
 * not apply: only a crash mid-append leaves one, always last, and an append never finished was
 * never acknowledged. `goodBytes` lets the caller cut the rest off before appending again.
 */
export function replayJournal(snapshot: UploadSession, data: Uint8Array, onBytes?: (write: JournalBytes) => void): Replayed {
  let session = snapshot;
  let pos = 0;
  let loggedBytes = 0;
  while (pos < data.length) {
    const nl = data.indexOf(NEWLINE, pos);
    if (nl < 0) break;
    let next = nl + 1;
    try {
      const delta = JSON.parse(utf8.decode(data.subarray(pos, nl))) as SessionDelta;
      const w = delta?.w;
      if (w !== undefined && !(Array.isArray(w) && w.length === 2 && w.every((n) => Number.isSafeInteger(n) && n >= 0))) break;
      if (w) next += w[1];
      if (next > data.length) break; // its bytes were cut short
      if (typeof delta?.v === 'number' && delta.v > session.version) {
        session = applyDelta(session, delta);
        if (w) {
          onBytes?.({ blobKey: session.blobKey, offset: w[0], bytes: data.subarray(nl + 1, next) });
          loggedBytes += w[1];
        }
      }
    } catch {
      break;
    }
    pos = next;
  }
  return { session, goodBytes: pos, loggedBytes };
}
