import type { DigestAlgorithm } from '../digest/hasher';
import { IllegalStateError, RangeConflictError } from '../errors';
import type { Interval } from '../range/interval';
import { derivedList } from '../session/list-lineage';
import { type HexDigests, type PartRecord, type UploadSession, receivedOf } from '../session/session';
import { combineHex } from './combiners';
import type { OverlapPolicy } from './types';

/** A finished, verified write, as the engine asks a store to record it. */
export type RecordedWrite = {
  readonly iv: Interval;
  /** where new bytes started: `iv.end` means every byte was compared, none written (a replay) */
  readonly writeFrom: number;
  /** the total this request declared, if any */
  readonly total?: number;
  readonly overlap: OverlapPolicy;
  readonly policy: 'part' | 'coalesce' | 'none';
  /** the part record to keep, unless the session already has one for exactly `iv` */
  readonly part: PartRecord;
  readonly now: number;
};

export type RecordOutcome = { readonly session: UploadSession; readonly part: PartRecord; readonly replayed: boolean };

/**
 * The session after `write`, as one pure step a store applies atomically (under its lock, in
 * a transaction): received bytes, part records, total, idle expiry. Returns `current` itself when
 * nothing changes (a replay). Re-checks what concurrent writers could have changed since the
 * placement check, so that no store ever records a write the engine would have refused.
 */
export function applyWrite(current: UploadSession, write: RecordedWrite): UploadSession {
  const { iv, writeFrom, now } = write;
  if (current.state !== 'open')
    throw new IllegalStateError(`upload ${current.id} became ${current.state} while data was arriving`, current.state);
  const received = receivedOf(current);
  const fresh = { start: writeFrom, end: iv.end };
  if (write.overlap !== 'overwrite' && writeFrom < iv.end && received.overlaps(fresh))
    throw new RangeConflictError('range overlaps stored bytes', received.findOverlap(fresh)!);
  const fixesTotal = write.total !== undefined && current.total === undefined;
  const replay = writeFrom === iv.end;
  if (replay && !fixesTotal) return current;
  const part = partFor(current, write);
  // overwrites drop every record they overlap; otherwise only this interval's own record is replaced
  // (located by binary search: sessions with thousands of parts are written to often)
  const kept =
    write.overlap === 'overwrite'
      ? current.parts.filter((p) => !(p.start < iv.end && iv.start < p.end) && p !== part)
      : part === write.part
        ? current.parts
        : current.parts.filter((p) => p !== part);
  const idle = current.meta.idleTtlMs;
  return {
    ...current,
    ...(fixesTotal && { total: write.total }),
    received: replay ? current.received : received.add(iv).toString(),
    parts: replay ? current.parts : withPart(kept, part, write.policy),
    updatedAt: now,
    ...(typeof idle === 'number' && { expiresAt: now + idle }),
  };
}

/** The part record a write ends up with: an existing record of exactly its interval wins. */
export function partFor(session: UploadSession, write: RecordedWrite): PartRecord {
  const { parts } = session;
  const { start, end } = write.iv;
  // parts are sorted by start: find the first at `start`, then look through those sharing it
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (parts[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < parts.length && parts[i]!.start === start; i++) if (parts[i]!.end === end) return parts[i]!;
  return write.part;
}

/** Adds a part record to a sorted list as the record policy says. */
function withPart(parts: readonly PartRecord[], part: PartRecord, policy: 'part' | 'coalesce' | 'none'): readonly PartRecord[] {
  if (policy === 'none') return parts;
  if (policy === 'coalesce') {
    const i = parts.findIndex((p) => p.end === part.start);
    const prev = parts[i];
    if (prev) {
      const algs = Object.keys(part.digests) as DigestAlgorithm[];
      const digests: HexDigests = {};
      for (const alg of algs) {
        const x = prev.digests[alg];
        const joined = x === undefined ? undefined : combineHex(alg, x, part.digests[alg]!, part.end - part.start);
        if (joined === undefined) return insertSorted(parts, part);
        digests[alg] = joined;
      }
      if (algs.length === Object.keys(prev.digests).length) {
        const out = copyOf(parts);
        out[i] = Object.freeze({ ...prev, end: part.end, digests: Object.freeze(digests), receivedAt: part.receivedAt });
        return derivedList(Object.freeze(out), parts, i);
      }
    }
  }
  return insertSorted(parts, part);
}

/**
 * A new sorted list with `part` in place, handed over frozen (the record too), so a store keeps
 * it as it is: no pass over thousands of part records per write. It says which items it kept
 * (derivedList), so a store journaling the change need not compare the lists either.
 */
function insertSorted(parts: readonly PartRecord[], part: PartRecord): readonly PartRecord[] {
  let i = parts.length;
  while (i > 0 && parts[i - 1]!.start > part.start) i--;
  const out = copyOf(parts);
  const record = Object.isFrozen(part) ? part : Object.freeze({ ...part, digests: Object.freeze({ ...part.digests }) });
  // the usual case appends; splice costs half as much again as the copy itself
  if (i === out.length) out.push(record);
  else out.splice(i, 0, record);
  return derivedList(Object.freeze(out), parts, i);
}

/** A plain copy by spread: V8 (Node 20) slices a frozen array, as part lists are, ~100x slower. */
function copyOf<T>(items: readonly T[]): T[] {
  return [...items];
}
