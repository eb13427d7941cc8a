import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { AwsObjectStore, FakeObjectStore, type ObjectStore, type S3StorageOptions, openS3Storage } from '../src/index';

/**
 * The S3 store's tests need PostgreSQL (DATABASE_URL) and, for the real-S3 runs, an S3 endpoint
 * (S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY): `scripts/services/services.sh
 * up DIR` starts both. Locally they skip with the reason; in CI (CI set) a missing service fails.
 */
export const env = {
  databaseUrl: process.env.DATABASE_URL,
  s3: process.env.S3_ENDPOINT
    ? {
        endpoint: process.env.S3_ENDPOINT,
        bucket: process.env.S3_BUCKET ?? 'rangeway',
        region: process.env.S3_REGION ?? 'us-east-1',
        accessKeyId: process.env.S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? '',
      }
    : undefined,
};

export function missing(needS3: boolean): string | undefined {
  const lack = [!env.databaseUrl && 'DATABASE_URL', needS3 && !env.s3 && 'S3_ENDPOINT'].filter(Boolean);
  if (lack.length === 0) return undefined;
  const reason = `${lack.join(' and ')} not set: start the services with scripts/services/services.sh up <dir> and load <dir>/env`;
  if (process.env.CI) throw new Error(`the S3 store's suites must run in CI, but ${reason}`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

export const uniqueName = (what: string) => `${what}_${randomBytes(5).toString('hex')}`;

/** A store on a fresh PostgreSQL schema (and a fresh key prefix on real S3); cleanup drops both. */
export async function freshStore(kind: 'fake' | 'rgw', over: Partial<S3StorageOptions> = {}) {
  const schema = uniqueName('test');
  const prefix = `${uniqueName('t')}/`;
  const objects: ObjectStore = kind === 'fake' ? new FakeObjectStore() : new AwsObjectStore(env.s3!);
  const storage = await openS3Storage({ s3: objects, databaseUrl: env.databaseUrl!, schema, prefix, leaseTimeoutMs: 2000, heartbeatMs: 250, ...over });
  const cleanup = async () => {
    const sql = postgres(env.databaseUrl!, { onnotice: () => undefined });
    await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
    if (kind === 'rgw') {
      const keys: string[] = [];
      for await (const o of objects.list(prefix)) keys.push(o.key);
      await objects.delete(keys);
    }
  };
  return { storage, objects, schema, prefix, cleanup };
}
