import type { Uploads } from '@rangeway/core';

export type BoxDialectOptions = {
  readonly uploads: Uploads;
  /** origin clients use to reach the gateway (for `session_endpoints`); default: the request origin */
  readonly publicOrigin?: string | undefined;
  /** honour X-Forwarded-Proto/Host when building `session_endpoints` */
  readonly trustProxy?: boolean;
  /** smallest `file_size` a session accepts (Box: "20MB"; we read 20,000,000 bytes) */
  readonly minFileSize?: number;
  /** largest `file_size` a session accepts (default 500 GB, Box's largest plan limit) */
  readonly maxFileSize?: number;
  /** first part size tried; doubled until the file needs at most `maxParts` parts */
  readonly partSize?: number;
  readonly maxParts?: number;
  /** session lifetime (Box: 7 days) */
  readonly sessionTtlMs?: number;
  /** bearer tokens; empty = auth off */
  readonly tokens?: readonly string[];
  /** folder ids that exist besides "0" (All Files) */
  readonly folders?: readonly string[];
  /** status of a part whose SHA-1 does not match its Digest (undocumented by Box) */
  readonly digestMismatchStatus?: 400 | 412;
  /** answer the first commit of each session with 202 + Retry-After (the v10 SDK cannot handle it) */
  readonly commit202?: boolean;
  readonly retryAfterSeconds?: number;
  /** storage the account may fill with committed files, in bytes; 0 = unlimited (default) */
  readonly quotaBytes?: number;
};

export type BoxSettings = Required<Omit<BoxDialectOptions, 'publicOrigin'>> & { readonly publicOrigin?: string | undefined };

export function settingsOf(o: BoxDialectOptions): BoxSettings {
  return {
    uploads: o.uploads,
    publicOrigin: o.publicOrigin,
    trustProxy: o.trustProxy ?? false,
    minFileSize: o.minFileSize ?? 20_000_000,
    maxFileSize: o.maxFileSize ?? 500_000_000_000,
    partSize: o.partSize ?? 8 * 1024 * 1024,
    maxParts: o.maxParts ?? 10_000,
    sessionTtlMs: o.sessionTtlMs ?? 7 * 24 * 3600_000,
    tokens: o.tokens ?? [],
    folders: ['0', ...(o.folders ?? [])],
    digestMismatchStatus: o.digestMismatchStatus ?? 400,
    commit202: o.commit202 ?? false,
    retryAfterSeconds: o.retryAfterSeconds ?? 1,
    quotaBytes: o.quotaBytes ?? 0,
  };
}

/** Box's unpublished part-size rule as we choose it: doubled from 8 MiB until ≤ maxParts parts. */
export function partSizeFor(fileSize: number, s: BoxSettings): number {
  let size = s.partSize;
  while (Math.ceil(fileSize / size) > s.maxParts) size *= 2;
  return size;
}
