import { type Storage, createMemoryStorage } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';
import { S3_RULES, StoreUnavailableError, openS3Storage } from '@rangeway/s3-store';
import { ConfigError, type GatewayConfig, type GatewayConfigInput, loadConfig } from './config/config';

/** What a runtime changes about how storage talks to the network. */
export type StorageRuntime = {
  /** the fetch the S3 client uses (default: the runtime's own) */
  readonly s3Fetch?: typeof fetch;
};

/** The storage back end the configuration asks for (Node: the fs store is the default). */
export async function openStorage(
  input: GatewayConfigInput,
  env: Record<string, string | undefined> = processEnv(),
  runtime: StorageRuntime = {},
): Promise<Storage> {
  const config = loadConfig({ input });
  switch (config.store) {
    case 'memory':
      return createMemoryStorage();
    case 'fs':
      return openFsStorage({ dir: config.dataDir, fsync: config.fsync }).catch((e: unknown) => {
        throw dataDirError(config.dataDir, e);
      });
    case 's3':
      return openS3(config, env, runtime);
  }
}

const processEnv = () => (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

/** `--store s3`: flags first, then the usual AWS_* and DATABASE_URL variables. */
async function openS3(config: GatewayConfig, env: Record<string, string | undefined>, runtime: StorageRuntime): Promise<Storage> {
  const need = (value: string | undefined, flag: string, usual?: string): string => {
    if (value) return value;
    throw new ConfigError(`--store s3 needs ${flag} (or RANGEWAY_${flag.slice(2).replace(/-/g, '_').toUpperCase()}${usual ? ` or ${usual}` : ''})`);
  };
  const s3 = {
    endpoint: need(config.s3Endpoint, '--s3-endpoint'),
    bucket: need(config.s3Bucket, '--s3-bucket'),
    region: config.s3Region ?? env.AWS_REGION ?? 'us-east-1',
    accessKeyId: need(config.s3AccessKeyId ?? env.AWS_ACCESS_KEY_ID, '--s3-access-key-id', 'AWS_ACCESS_KEY_ID'),
    secretAccessKey: need(config.s3SecretAccessKey ?? env.AWS_SECRET_ACCESS_KEY, '--s3-secret-access-key', 'AWS_SECRET_ACCESS_KEY'),
    ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
    ...(runtime.s3Fetch && { fetch: runtime.s3Fetch }),
  };
  const databaseUrl = need(config.databaseUrl ?? env.DATABASE_URL, '--database-url', 'DATABASE_URL');
  return openS3Storage({
    s3,
    databaseUrl,
    schema: config.databaseSchema,
    prefix: config.s3Prefix,
    rules: { ...S3_RULES, equalParts: config.s3Parts === 'equal' },
    leaseTimeoutMs: config.leaseTimeoutMs,
    trashGraceMs: config.s3TrashGraceMs,
    heartbeatMs: Math.max(250, Math.floor(config.leaseTimeoutMs / 5)),
  }).catch((e: unknown) => {
    throw e instanceof StoreUnavailableError ? new ConfigError(e.message) : e;
  });
}

const REASONS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file of that name is in the way',
};

/** A file-system failure opening the data dir as one line naming the option; others unchanged. */
function dataDirError(dir: string, e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new ConfigError(`--data-dir ${dir}: cannot use it as the data directory: ${REASONS[code] ?? code} (${code})`);
}
