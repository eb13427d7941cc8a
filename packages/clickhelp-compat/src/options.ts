import type { Uploads } from '@rangeway/core';

export type ClickhelpDialectOptions = {
  readonly uploads: Uploads;
  /** origin clients use to reach the gateway; ClickHelp answers carry no absolute URLs, so unused */
  readonly publicOrigin?: string | undefined;
  /** honour X-Forwarded-Proto/Host when building absolute URLs (unused, see publicOrigin) */
  readonly trustProxy?: boolean;
  /** `login:apiKey` or `login:apiKey:ro` (read-only); empty = auth off */
  readonly users?: readonly string[];
  /** largest chunk (`end - start + 1`) one PUT may carry; default 10,485,760 (the documented 10 MB) */
  readonly maxChunkSize?: number;
  /** largest file a resumable upload may build; default 1 GiB (the documented "1 GB") */
  readonly maxFileSize?: number;
  /** an unfinished upload expires this long after its last accepted chunk; default 24 h */
  readonly idleExpiryMs?: number;
  /** how long a completed upload still answers a repeated final chunk with 201; default 10 min */
  readonly idempotencyWindowMs?: number;
  /** let `DELETE storage/{path}` delete files (an extension; 501 otherwise) */
  readonly allowDelete?: boolean;
  /** accept a chunk that overlaps stored bytes (identical ones) and carries a new tail */
  readonly lenientOffsets?: boolean;
};

export const DEFAULTS = {
  maxChunkSize: 10 * 1024 * 1024,
  maxFileSize: 1024 * 1024 * 1024,
  idleExpiryMs: 24 * 3600_000,
  idempotencyWindowMs: 10 * 60_000,
} as const;

export type Settings = {
  readonly uploads: Uploads;
  readonly maxChunkSize: number;
  readonly maxFileSize: number;
  readonly idleExpiryMs: number;
  readonly idempotencyWindowMs: number;
  readonly allowDelete: boolean;
  readonly lenientOffsets: boolean;
};

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new TypeError(`clickhelp: ${name} must be a positive integer, got ${v}`);
  return v;
}

export function settingsOf(o: ClickhelpDialectOptions): Settings {
  return {
    uploads: o.uploads,
    maxChunkSize: positive('maxChunkSize', o.maxChunkSize, DEFAULTS.maxChunkSize),
    maxFileSize: positive('maxFileSize', o.maxFileSize, DEFAULTS.maxFileSize),
    idleExpiryMs: positive('idleExpiryMs', o.idleExpiryMs, DEFAULTS.idleExpiryMs),
    idempotencyWindowMs: positive('idempotencyWindowMs', o.idempotencyWindowMs, DEFAULTS.idempotencyWindowMs),
    allowDelete: o.allowDelete ?? false,
    lenientOffsets: o.lenientOffsets ?? false,
  };
}
