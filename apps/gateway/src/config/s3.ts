import * as z from 'zod';

/**
 * Settings of the S3 + PostgreSQL store (`--store s3`), part of the server section. Credentials
 * and the database URL also come from the usual AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_REGION and DATABASE_URL variables (see storage.ts).
 */
export const s3Fields = {
  s3Endpoint: z.url().optional().describe('S3 endpoint of the s3 store, e.g. https://s3.eu-west-1.amazonaws.com (path-style requests)'),
  s3Bucket: z.string().min(3).max(63).optional().describe('bucket of the s3 store (it must exist)'),
  s3Region: z.string().min(1).optional().describe('region to sign requests for (default AWS_REGION, else us-east-1)'),
  s3Prefix: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'a prefix is path segments each ending in "/", e.g. rangeway/')
    .default('')
    .describe('key prefix for every object of the s3 store, e.g. rangeway/'),
  s3AccessKeyId: z.string().min(1).optional().describe('S3 access key (default AWS_ACCESS_KEY_ID)'),
  s3SecretAccessKey: z.string().min(1).optional().describe('S3 secret key (default AWS_SECRET_ACCESS_KEY)'),
  s3Parts: z
    .enum(['s3', 'equal'])
    .default('s3')
    .describe('multipart rules of the provider: s3 (AWS, Ceph, MinIO) or equal (R2, Garage: all parts but the last one size)'),
  databaseUrl: z.string().min(1).optional().describe('PostgreSQL URL of the s3 store, postgres://user:password@host:5432/db (default DATABASE_URL)'),
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')
    .default('rangeway')
    .describe('PostgreSQL schema holding the s3 store tables (created and migrated at start-up)'),
  leaseTimeoutMs: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10_000)
    .describe('s3 store: how long after its last heartbeat a stopped instance keeps its uploads locked'),
  s3TrashGraceMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe('s3 store: how long a replaced or abandoned object stays readable before the sweeper deletes it (ms)'),
};
