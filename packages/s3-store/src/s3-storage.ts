import type { Storage } from '@rangeway/core';
import postgres, { type Sql } from 'postgres';
import { AwsObjectStore, type S3Options } from './aws-object-store';
import { Collector } from './collector';
import { type ObjectStore, type PartRules, S3_RULES } from './object-store';
import { PgBlobMap } from './pg/blob-map';
import { PgDigestCheckpoints } from './pg/checkpoints';
import { PgFileCatalog } from './pg/files';
import { PgLeases } from './pg/leases';
import { migrate } from './pg/schema';
import { PgSessionStore } from './pg/sessions';
import { S3BlobStore } from './s3-blob-store';
import { Sealer } from './sealer';
import { describeFailure } from './startup-errors';

export type S3StorageOptions = {
  /** the bucket: connection settings for S3, or an ObjectStore (tests use FakeObjectStore) */
  readonly s3: S3Options | ObjectStore;
  /** postgres://user:password@host:port/database */
  readonly databaseUrl: string;
  /** PostgreSQL schema holding the tables (created if missing; default "rangeway") */
  readonly schema?: string;
  /** key prefix for every object (default none) */
  readonly prefix?: string;
  /** the provider's part rules (default S3's; R2 and Garage need equalParts) */
  readonly rules?: PartRules;
  readonly heartbeatMs?: number;
  /** how long a silent instance keeps its leases (default 10 s) */
  readonly leaseTimeoutMs?: number;
  /** how long replaced objects stay readable before deletion (default 60 s) */
  readonly trashGraceMs?: number;
  readonly orphanGraceMs?: number;
  readonly orphanScanMs?: number;
  /** connections per instance (default 10) */
  readonly poolSize?: number;
  /**
   * The bucket and the schema were checked by an earlier open in this process: skip the checks
   * and the migration (a Worker opens the store for every request).
   */
  readonly checked?: boolean;
  /** told of every database query (inspection: how many a request costs) */
  readonly onQuery?: (query: string) => void;
};

export type S3Storage = Storage & {
  readonly objects: ObjectStore;
  readonly leases: PgLeases;
  readonly map: PgBlobMap;
  readonly collector: Collector;
  readonly sealer: Sealer;
  readonly sql: Sql;
  readonly instanceId: string;
  close(): Promise<void>;
};

/** How long close() lets seals in progress finish. */
const SEAL_WAIT_MS = 5000;

const randomName = () => {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
};

/**
 * Storage that several gateway instances share: bytes in an S3 bucket, state in PostgreSQL.
 * Checks both at once and creates or migrates the schema; a wrong endpoint, a missing bucket,
 * refused credentials or an unreachable database reject with one clear sentence.
 */
export async function openS3Storage(options: S3StorageOptions): Promise<S3Storage> {
  const schema = options.schema ?? 'rangeway';
  const objects = 'put' in options.s3 ? options.s3 : new AwsObjectStore(options.s3);
  const sql = postgres(options.databaseUrl, {
    max: options.poolSize ?? 10,
    connect_timeout: 10,
    onnotice: () => undefined,
    connection: { application_name: 'rangeway', search_path: schema },
    ...(options.onQuery && { debug: (_connection: number, query: string) => options.onQuery!(query) }),
  });
  const instanceId = `${randomName().slice(0, 12)}`;
  let leases: PgLeases | undefined;
  try {
    if (!options.checked) {
      await sql`SELECT 1`.catch((e) => describeFailure('database', options.databaseUrl, e));
      await migrate(sql, schema);
      await objects.check().catch((e) => describeFailure('s3', 'put' in options.s3 ? 'the object store' : options.s3.endpoint, e));
    }
    leases = new PgLeases(sql, instanceId, { heartbeatMs: options.heartbeatMs ?? 1000, timeoutMs: options.leaseTimeoutMs ?? 10_000 });
    await leases.start();
  } catch (e) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw e;
  }
  const map = new PgBlobMap(sql, options.trashGraceMs ?? 60_000);
  const prefix = options.prefix ?? '';
  const sealer = new Sealer(objects, map, { prefix, rules: options.rules ?? S3_RULES, nonce: randomName });
  const collector = new Collector(objects, map, sealer, {
    prefix,
    orphanGraceMs: options.orphanGraceMs ?? 3_600_000,
    orphanScanMs: options.orphanScanMs ?? 600_000,
  });
  const live = leases;
  return {
    blobs: new S3BlobStore(objects, map, sealer, { prefix, nonce: randomName }),
    sessions: new PgSessionStore(sql, (tx, token) => live.live(tx, token)),
    files: new PgFileCatalog(sql),
    leases: live,
    checkpoints: new PgDigestCheckpoints(sql),
    objects,
    map,
    collector,
    sealer,
    sql,
    instanceId,
    collect: () => collector.collect(),
    close: async () => {
      // a seal cut short is taken up again by another instance's sweep once its claim lapses
      await Promise.race([sealer.idle(), new Promise((r) => setTimeout(r, SEAL_WAIT_MS))]);
      await live.stop().catch(() => undefined);
      await sql.end({ timeout: 5 });
    },
  };
}
