import type { Storage } from '@rangeway/core';
import { S3_RULES, type S3StorageOptions, StoreUnavailableError, openS3Storage } from '@rangeway/s3-store';
import { ConfigError, type GatewayConfig } from './config/config';

/** What a runtime changes about how storage talks to the network. */
export type StorageRuntime = {
  /** the fetch the S3 client uses (default: the runtime's own) */
  readonly s3Fetch?: typeof fetch;
};

/** The environment variables (a Worker's secrets) the S3 store reads besides its flags. */
export const S3_SECRETS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'DATABASE_URL'] as const;

/** `--store s3`: flags first, then the usual AWS_* and DATABASE_URL variables. */
export function s3Options(config: GatewayConfig, env: Record<string, string | undefined>, runtime: StorageRuntime = {}): S3StorageOptions {
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
  return {
    s3,
    databaseUrl,
    schema: config.databaseSchema,
    prefix: config.s3Prefix,
    rules: { ...S3_RULES, equalParts: config.s3Parts === 'equal' },
    leaseTimeoutMs: config.leaseTimeoutMs,
    trashGraceMs: config.s3TrashGraceMs,
    heartbeatMs: Math.max(250, Math.floor(config.leaseTimeoutMs / 5)),
  };
}

/** Opens the S3 store; a bucket or database it cannot use is a ConfigError (one line at start-up). */
export function openS3(config: GatewayConfig, env: Record<string, string | undefined>, runtime: StorageRuntime = {}, extra: Partial<S3StorageOptions> = {}): Promise<Storage> {
  return openS3Storage({ ...s3Options(config, env, runtime), ...extra }).catch((e: unknown) => {
    throw e instanceof StoreUnavailableError ? new ConfigError(e.message) : e;
  });
}

