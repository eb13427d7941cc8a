export { describeStorageContract, type StorageFixture } from './storage-contract';
export { storedFile, testBytes } from './fixtures';
