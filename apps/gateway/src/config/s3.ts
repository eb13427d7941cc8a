import * as z from '../zod';
import { defaulted, int, optional, text } from './options';

/**
 * Settings of the S3 + PostgreSQL store (`--store s3`), part of the server section. Credentials
 * and the database URL also come from the usual AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_REGION and DATABASE_URL variables (see storage.ts).
 */
export const s3Fields = {
  s3Endpoint: optional(z.url(), 'S3 endpoint of the s3 store, e.g. https://s3.eu-west-1.amazonaws.com (path-style requests)'),
  s3Bucket: optional(z.string().check(z.minLength(3), z.maxLength(63)), 'bucket of the s3 store (it must exist)'),
  s3Region: optional(text(), 'region to sign requests for (default AWS_REGION, else us-east-1)'),
  s3Prefix: defaulted(
    z.string().check(z.regex(/^([A-Za-z0-9._-]+\/)*$/, 'a prefix is path segments each ending in "/", e.g. rangeway/')),
    '',
    'key prefix for every object of the s3 store, e.g. rangeway/',
  ),
  s3AccessKeyId: optional(text(), 'S3 access key (default AWS_ACCESS_KEY_ID)'),
  s3SecretAccessKey: optional(text(), 'S3 secret key (default AWS_SECRET_ACCESS_KEY)'),
  s3Parts: defaulted(
    z.enum(['s3', 'equal']),
    's3',
    'multipart rules of the provider: s3 (AWS, Ceph, MinIO) or equal (R2, Garage: all parts but the last one size)',
  ),
  databaseUrl: optional(text(), 'PostgreSQL URL of the s3 store, postgres://user:password@host:5432/db (default DATABASE_URL)'),
  databaseSchema: defaulted(
    z.string().check(z.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')),
    'rangeway',
    'PostgreSQL schema holding the s3 store tables (created and migrated at start-up)',
  ),
  leaseTimeoutMs: defaulted(int(1000), 10_000, 's3 store: how long after its last heartbeat a stopped instance keeps its uploads locked'),
  s3TrashGraceMs: defaulted(int(0), 60_000, 's3 store: how long a replaced or abandoned object stays readable before the sweeper deletes it (ms)'),
};
