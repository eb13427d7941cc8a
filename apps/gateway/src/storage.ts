import { type Storage, createMemoryStorage } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';
import { type GatewayConfigInput, loadConfig } from './config/config';

/** The storage back end the configuration asks for (Node: the fs store is the default). */
export async function openStorage(input: GatewayConfigInput): Promise<Storage> {
  const config = loadConfig({ input });
  switch (config.store) {
    case 'memory':
      return createMemoryStorage();
    case 'fs':
      return openFsStorage({ dir: config.dataDir, fsync: config.fsync });
  }
}
