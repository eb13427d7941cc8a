import * as z from '../zod';
import { bool, defaulted, list, size } from './options';

const USER = /^[^:]+:.+$/;

/** `--clickhelp-*` options, passed to the clickhelp dialect. */
export const clickhelpSchema = z.prefault(
  z.object({
    users: defaulted(
      list().check(z.refine((users) => users.every((u) => USER.test(u)), 'each user is login:apiKey or login:apiKey:ro')),
      [],
      'Basic-auth users as login:apiKey[:ro], comma-separated (:ro = read-only); none = auth off',
    ),
    maxChunkSize: defaulted(size(1), 10_485_760, 'largest chunk per PUT in bytes (documented 10 MB)'),
    maxFileSize: defaulted(size(1), 1_073_741_824, 'largest resumable upload in bytes (documented 1 GB)'),
    idleExpiryMs: defaulted(size(1), 86_400_000, 'an unfinished upload expires this long after its last chunk (ms)'),
    idempotencyWindowMs: defaulted(size(1), 600_000, 'how long a repeated final chunk still gets 201 after completion (ms)'),
    allowDelete: defaulted(bool(), false, 'let DELETE /api/v1/storage/{path} delete files (extension; 501 otherwise)'),
    lenientOffsets: defaulted(bool(), false, 'accept chunks that overlap identical stored bytes and carry a new tail'),
  }),
  {},
);
