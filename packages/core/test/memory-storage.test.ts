import { createMemoryStorage } from '../src/index';
import { describeStorageContract } from '../src/testing/index';

describeStorageContract('memory', async () => ({ storage: createMemoryStorage() }));
