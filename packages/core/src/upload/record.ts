import type { DigestAlgorithm } from '../digest/hasher';
import { IllegalStateError, RangeConflictError } from '../errors';
import type { Interval } from '../range/interval';
import { SharedPartList } from '../session/part-list';
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
  const parts = SharedPartList.from(current.parts);
  const part = parts.exact(iv.start, iv.end) ?? write.part;
  // overwrites drop every record they overlap; otherwise only this interval's own record is replaced
  const kept =
    write.overlap === 'overwrite'
      ? parts.without((p) => (p.start < iv.end && iv.start < p.end) || p === part)
      : part === write.part
        ? parts
        : parts.without((p) => p === part);
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
  return SharedPartList.from(session.parts).exact(write.iv.start, write.iv.end) ?? write.part;
}

/** Adds a part record to a sorted list as the record policy says. */
function withPart(parts: SharedPartList, part: PartRecord, policy: 'part' | 'coalesce' | 'none'): SharedPartList {
  if (policy === 'none') return parts;
  if (policy === 'coalesce') {
    const prev = parts.find((p) => p.end === part.start);
    if (prev) {
      const algs = Object.keys(part.digests) as DigestAlgorithm[];
      const digests: HexDigests = {};
      for (const alg of algs) {
        const x = prev.digests[alg];
        const joined = x === undefined ? undefined : combineHex(alg, x, part.digests[alg]!, part.end - part.start);
        if (joined === undefined) return parts.inserted(part);
        digests[alg] = joined;
      }
      if (algs.length === Object.keys(prev.digests).length)
        return parts.replaced(prev, { ...prev, end: part.end, digests, receivedAt: part.receivedAt });
    }
  }
  return parts.inserted(part);
}
