import type { DigestAlgorithm } from '../digest/hasher';
import type { TrackedDigest } from '../digest/tracked';
import type { ByteSource } from '../store/blob-store';
import type { FileRecord } from '../store/file-catalog';
import type { PartRecord, UploadSession } from '../session/session';

export type CreateUploadInput = {
  readonly namespace: string;
  readonly target: string;
  /** unique lookup key within the namespace (e.g. the path for dialects addressed by path) */
  readonly key?: string;
  readonly total?: number;
  /** absolute lifetime from creation */
  readonly ttlMs?: number;
  /** lifetime renewed by every accepted write (idle expiry) */
  readonly idleTtlMs?: number;
  /** whole-file digests to maintain while bytes arrive */
  readonly trackDigests?: readonly TrackedDigest[];
  readonly meta?: Record<string, unknown>;
  /** dialect-chosen id (e.g. Box's 32-hex form); default a random url-safe id */
  readonly id?: string;
};

/**
 * Where a write may start relative to the contiguous prefix already received:
 * - any: anywhere (parallel, out-of-order uploads);
 * - no-gap: at or before the end of the prefix;
 * - append-or-replay: exactly at the end of the prefix, or wholly inside stored bytes (a retry).
 */
export type Ordering = 'any' | 'no-gap' | 'append-or-replay';

/**
 * What to do with bytes that are already stored:
 * - reject: any overlap is a RangeConflictError;
 * - identical: overlapping bytes (a leading run only) are compared, never rewritten; a difference
 *   is a RangeConflictError; the rest is written;
 * - overwrite: last write wins; parts it overlaps lose their digests.
 */
export type OverlapPolicy = 'reject' | 'identical' | 'overwrite';

export type ExpectedDigest = { readonly algorithm: DigestAlgorithm; readonly value: Uint8Array };

export type ReceiveInput = {
  /** half-open interval the body must fill exactly */
  readonly start: number;
  readonly end: number;
  /** total declared by this request; fixes the session's total if it was unknown */
  readonly total?: number;
  readonly body: ByteSource;
  readonly ordering?: Ordering;
  readonly overlap?: OverlapPolicy;
  /** digests to compute over this write and keep in its part record */
  readonly partDigests?: readonly DigestAlgorithm[];
  /** digests the client sent for this write; checked before the write is recorded */
  readonly expect?: readonly ExpectedDigest[];
  readonly partId?: string;
  /**
   * What the session keeps of this write: its own part record (default); `coalesce`: merged into
   * the part it directly follows when their digests combine (Adler-32), so many small writes stay
   * one record; `none`: no record (protocols that never list parts).
   */
  readonly record?: 'part' | 'coalesce' | 'none';
  /**
   * A change to the session's dialect data, made in the same atomic step that records the write
   * (one durable change per request instead of two). Not applied if the write is refused.
   */
  readonly meta?: (meta: Readonly<Record<string, unknown>>) => Record<string, unknown>;
};

export type ReceiveResult = {
  readonly session: UploadSession;
  readonly part: PartRecord;
  /** true when nothing was written because identical bytes were already stored */
  readonly replayed: boolean;
};

export type CommitInput = {
  /** catalog name of the committed file (unique within the session's namespace) */
  readonly name: string;
  readonly fileId?: string;
  /** whole-file digests to compute and record */
  readonly digests?: readonly DigestAlgorithm[];
  /** whole-file digests the client sent; a mismatch leaves the session open */
  readonly expect?: readonly ExpectedDigest[];
  readonly meta?: Record<string, unknown>;
  /**
   * Commit exactly this many stored bytes without requiring every range to have arrived; missing
   * ranges read as zeros (protocols that keep whatever was written, like positioned-write PUTs).
   */
  readonly size?: number;
  /** dialect precondition checked after verification, before anything changes (e.g. a name clash) */
  readonly precondition?: (session: UploadSession, existing: FileRecord | undefined) => void | Promise<void>;
};

export type CommitResult = { readonly session: UploadSession; readonly file: FileRecord };
