import type { Interval } from '@rangeway/core';

/** One object as a listing shows it. */
export type ObjectInfo = { readonly key: string; readonly size: number; readonly lastModified: number };

/** A part of a multipart upload: either bytes sent, or a range of an existing object copied. */
export type PartSource =
  | { readonly kind: 'bytes'; readonly body: ReadableStream<Uint8Array>; readonly length: number }
  | { readonly kind: 'copy'; readonly key: string; readonly range: Interval };

/**
 * The few S3 operations the store needs, as a port: one adapter speaks real S3 (aws4fetch), one
 * is an in-memory fake that enforces S3's rules. Keys are full object keys (prefix included).
 */
export interface ObjectStore {
  /** Stores exactly `length` bytes; an object exists whole or not at all. */
  put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, length: number): Promise<void>;
  /** The bytes of `range` (default: all). NotFoundError if absent. */
  get(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>>;
  /** Size, or undefined when absent. */
  head(key: string): Promise<number | undefined>;
  /** Deletes; absent keys are not an error. */
  delete(keys: readonly string[]): Promise<void>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** A multipart upload of `parts` (numbered from 1, in order) as `key`. */
  multipart(key: string): Promise<MultipartUpload>;
  /** Whether the bucket answers with these credentials (start-up check). */
  check(): Promise<void>;
}

export interface MultipartUpload {
  readonly uploadId: string;
  part(number: number, source: PartSource): Promise<void>;
  complete(): Promise<void>;
  abort(): Promise<void>;
}

/** S3's rules for multipart uploads, and a provider's stricter ones. */
export type PartRules = {
  /** smallest non-last part (S3: 5 MiB) */
  readonly minPart: number;
  /** largest part (S3: 5 GiB) */
  readonly maxPart: number;
  /** most parts (S3: 10,000) */
  readonly maxParts: number;
  /** every part but the last has the same size (Cloudflare R2, Garage) */
  readonly equalParts: boolean;
};

export const S3_RULES: PartRules = { minPart: 5 * 1024 * 1024, maxPart: 5 * 1024 ** 3, maxParts: 10_000, equalParts: false };
