import { MemoryBlobStore } from './memory-blob-store';
import { MemoryFileCatalog, MemorySessionStore } from './memory-state';
import type { Storage } from './storage';

export function createMemoryStorage(): Storage {
  return { blobs: new MemoryBlobStore(), sessions: new MemorySessionStore(), files: new MemoryFileCatalog() };
}
