import type { DigestAlgorithm } from '../digest/hasher';
import type { TrackedDigest } from '../digest/tracked';
import { IllegalStateError } from '../errors';
import { IntervalSet } from '../range/interval-set';
import type { PartList } from './part-list';

/**
 * The dialect-neutral upload session. It is JSON so any session store can persist it (`parts`
 * through its toJSON, as the plain array); `received` is the compact IntervalSet form
 * (inclusive `a-b,c-d`).
 */
export type SessionState = 'open' | 'complete' | 'committed' | 'aborted' | 'expired';

export type HexDigests = Partial<Record<DigestAlgorithm, string>>;

export interface PartRecord {
  readonly id: string;
  /** half-open byte interval */
  readonly start: number;
  readonly end: number;
  /** lower-case hex digests of exactly these bytes */
  readonly digests: HexDigests;
  readonly receivedAt: number;
}

export interface UploadSession {
  readonly id: string;
  /** which dialect owns the session; opaque to the core */
  readonly namespace: string;
  /** dialect-neutral name of what is being uploaded (a path, a file name…) */
  readonly target: string;
  /** optional unique lookup key within the namespace (e.g. a path used as the upload handle) */
  readonly key?: string;
  /** declared total size; undefined while unknown */
  readonly total?: number;
  readonly received: string;
  /** sorted by start; the engine keeps a SharedPartList here, a store reading JSON back may hand out the array */
  readonly parts: PartList;
  /** whole-file digests to maintain incrementally while bytes arrive */
  readonly trackDigests: readonly TrackedDigest[];
  /** whole-file digests once computed (lower-case hex) */
  readonly digests: HexDigests;
  readonly state: SessionState;
  readonly blobKey: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** epoch ms; undefined = never expires */
  readonly expiresAt?: number;
  /** id of the file the upload becomes: set when a commit starts (state `complete`), kept once committed */
  readonly fileId?: string;
  /**
   * writes that replaced stored bytes so far: running digests another process computed before
   * the latest one are stale (absent = 0)
   */
  readonly rewrites?: number;
  /** store-maintained optimistic-concurrency counter */
  readonly version: number;
  /** dialect-specific JSON data */
  readonly meta: Readonly<Record<string, unknown>>;
}

const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  open: ['complete', 'aborted', 'expired'],
  // complete → open: a commit precondition failed after the bytes were in (e.g. name clash); keep the data
  complete: ['committed', 'open', 'aborted', 'expired'],
  committed: [],
  aborted: [],
  expired: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function transition(session: UploadSession, to: SessionState, now: number): UploadSession {
  if (session.state === to) return session;
  if (!canTransition(session.state, to))
    throw new IllegalStateError(`upload ${session.id} cannot go from ${session.state} to ${to}`, session.state);
  return { ...session, state: to, updatedAt: now };
}

export function receivedOf(session: UploadSession): IntervalSet {
  return IntervalSet.parse(session.received);
}

export function isTerminal(state: SessionState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function isExpiredAt(session: Pick<UploadSession, 'expiresAt' | 'state'>, now: number): boolean {
  return session.expiresAt !== undefined && now >= session.expiresAt && !isTerminal(session.state);
}
