import { type Storage, createMemoryStorage } from '@rangeway/core';
import { type GatewayConfigInput, loadConfig } from './config/config';

/** The storage back end the configuration asks for. */
export async function openStorage(input: GatewayConfigInput): Promise<Storage> {
  const config = loadConfig({ input });
  switch (config.store) {
    case 'memory':
      return createMemoryStorage();
    case 'fs':
      throw new Error('the fs store is not available yet; use --store memory');
  }
}
