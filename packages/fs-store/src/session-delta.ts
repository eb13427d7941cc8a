import type { UploadSession } from '@rangeway/core';

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
    const kept = Array.isArray(before) && Array.isArray(after) ? sharedPrefix(before, after) : 0;
    if (kept > 0) t[k] = [kept, (after as unknown[]).slice(kept)];
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

function sharedPrefix(before: readonly unknown[], after: readonly unknown[]): number {
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  return i;
}

/** `prev` with `delta` applied; throws if the delta is not the next version or is malformed. */
export function applyDelta(prev: UploadSession, delta: SessionDelta): UploadSession {
  if (!delta || typeof delta !== 'object' || delta.v !== prev.version + 1)
    throw new TypeError(`journal entry is not version ${prev.version + 1}`);
  const out: Record<string, unknown> = { ...(prev as unknown as Fields), ...delta.s, version: delta.v };
  for (const [k, [kept, tail]] of Object.entries(delta.t ?? {})) {
    const before = out[k];
    if (!Array.isArray(before) || !Array.isArray(tail) || !Number.isSafeInteger(kept) || kept > before.length)
      throw new TypeError(`journal entry keeps ${String(kept)} items of ${k}`);
    out[k] = [...before.slice(0, kept), ...tail];
  }
  for (const k of delta.d ?? []) delete out[k];
  return out as unknown as UploadSession;
}

/**
 * Replays journal text onto a snapshot. Entries at or below the snapshot's version are skipped
 * (a snapshot written after them, then a crash before the journal was removed). Replay stops at
 * the first line that is incomplete or does not apply: only a crash mid-append leaves one, always
 * last, and an append never finished was never acknowledged. `goodBytes` is where the valid text
 * ends, so the caller can cut the rest off before appending again.
 */
export function replayJournal(snapshot: UploadSession, text: string): { session: UploadSession; goodBytes: number } {
  let session = snapshot;
  let pos = 0;
  let goodBytes = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    const line = text.slice(pos, nl);
    try {
      const delta = JSON.parse(line) as SessionDelta;
      if (typeof delta?.v === 'number' && delta.v > session.version) session = applyDelta(session, delta);
    } catch {
      break;
    }
    pos = nl + 1;
    goodBytes += Buffer.byteLength(line) + 1;
  }
  return { session, goodBytes };
}
