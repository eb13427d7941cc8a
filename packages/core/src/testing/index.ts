export { describeStorageContract, type StorageFixture } from './storage-contract';
