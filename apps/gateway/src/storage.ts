import { type Storage, createMemoryStorage } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';
import { ConfigError, type GatewayConfigInput, loadConfig } from './config/config';
import type { StorageRuntime } from './storage-s3';

export type { StorageRuntime } from './storage-s3';

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
    case 's3': {
      // loaded only for this store: it brings the PostgreSQL and S3 clients (~40 ms of a Node start)
      const { openS3 } = await import('./storage-s3');
      return openS3(config, env, runtime);
    }
  }
}

const processEnv = () => (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

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
