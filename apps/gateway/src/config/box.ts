import * as z from '../zod';
import { bool, int, list, optional } from './options';

/** `--box-*` options, passed to the Box dialect (see packages/box-compat/README.md). */
export const boxSchema = z._default(
  z.object({
    minFileSize: optional(int(1), 'smallest file_size a session accepts (default 20000000)'),
    maxFileSize: optional(int(1), 'largest file_size a session accepts; above it 413 file_size_limit_exceeded (default 500000000000)'),
    partSize: optional(int(1, 2 ** 32), 'first part size tried (default 8388608, doubled as needed)'),
    maxParts: optional(int(1, 1_000_000), 'most parts a session may need (default 10000)'),
    sessionTtlMs: optional(int(1), 'upload session lifetime in ms (default 7 days)'),
    tokens: optional(list(), 'bearer tokens, comma-separated; empty = auth off'),
    folders: optional(
      list().check(z.refine((v) => v.every((f) => /^\d{1,20}$/.test(f)), 'folder ids are numeric')),
      'folder ids that exist besides 0 (All Files)',
    ),
    digestMismatchStatus: optional(
      z.pipe(z.coerce.number(), z.union([z.literal(400), z.literal(412)])),
      'status for a part whose SHA-1 mismatches (400 or 412)',
    ),
    commit202: optional(bool(), 'answer each first commit with 202 + Retry-After'),
    retryAfterSeconds: optional(int(0, 3600), 'Retry-After of that 202'),
    quotaBytes: optional(int(0), 'bytes of committed files the account may hold; past it 403 storage_limit_exceeded (default 0 = unlimited)'),
  }),
  {},
);
