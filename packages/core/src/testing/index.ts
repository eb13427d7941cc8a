export { describeStorageContract, type StorageFixture } from './storage-contract';
export { countBlobReads, storedFile, testBytes } from './fixtures';
