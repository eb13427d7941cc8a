import * as z from 'zod';
import { bool, list, size } from './schema';

const USER = /^[^:]+:.+$/;

/** `--clickhelp-*` options, passed to the clickhelp dialect. */
export const clickhelpSchema = z
  .object({
    users: list()
      .refine((users) => users.every((u) => USER.test(u)), 'each user is login:apiKey or login:apiKey:ro')
      .default([])
      .describe('Basic-auth users as login:apiKey[:ro], comma-separated (:ro = read-only); none = auth off'),
    maxChunkSize: size().min(1).default(10_485_760).describe('largest chunk per PUT in bytes (documented 10 MB)'),
    maxFileSize: size().min(1).default(1_073_741_824).describe('largest resumable upload in bytes (documented 1 GB)'),
    idleExpiryMs: size().min(1).default(86_400_000).describe('an unfinished upload expires this long after its last chunk (ms)'),
    idempotencyWindowMs: size()
      .min(1)
      .default(600_000)
      .describe('how long a repeated final chunk still gets 201 after completion (ms)'),
    allowDelete: bool().default(false).describe('let DELETE /api/v1/storage/{path} delete files (extension; 501 otherwise)'),
    lenientOffsets: bool().default(false).describe('accept chunks that overlap identical stored bytes and carry a new tail'),
  })
  .prefault({});
