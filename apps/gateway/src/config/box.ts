import * as z from 'zod';
import { bool, list } from './schema';

/** `--box-*` options, passed to the Box dialect (see packages/box-compat/README.md). */
export const boxSchema = z
  .object({
    minFileSize: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('smallest file_size a session accepts (default 20000000)'),
    maxFileSize: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('largest file_size a session accepts; above it 413 file_size_limit_exceeded (default 500000000000)'),
    partSize: z.coerce.number().int().min(1).max(2 ** 32).optional().describe('first part size tried (default 8388608, doubled as needed)'),
    maxParts: z.coerce.number().int().min(1).max(1_000_000).optional().describe('most parts a session may need (default 10000)'),
    sessionTtlMs: z.coerce.number().int().min(1).optional().describe('upload session lifetime in ms (default 7 days)'),
    tokens: list().optional().describe('bearer tokens, comma-separated; empty = auth off'),
    folders: list()
      .optional()
      .refine((v) => !v || v.every((f) => /^\d{1,20}$/.test(f)), 'folder ids are numeric')
      .describe('folder ids that exist besides 0 (All Files)'),
    digestMismatchStatus: z.coerce.number().pipe(z.union([z.literal(400), z.literal(412)])).optional().describe('status for a part whose SHA-1 mismatches (400 or 412)'),
    commit202: bool().optional().describe('answer each first commit with 202 + Retry-After'),
    retryAfterSeconds: z.coerce.number().int().min(0).max(3600).optional().describe('Retry-After of that 202'),
    quotaBytes: z.coerce
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('bytes of committed files the account may hold; past it 403 storage_limit_exceeded (default 0 = unlimited)'),
  })
  .default({});
