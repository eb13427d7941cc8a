import { MemoryDigestCheckpoints, createMemoryStorage } from '../src/index';
import { describeStorageContract } from '../src/testing/index';

describeStorageContract('memory', async () => ({ storage: createMemoryStorage() }));
describeStorageContract('memory + digest checkpoints', async () => ({
  storage: { ...createMemoryStorage(), checkpoints: new MemoryDigestCheckpoints() },
}));
