export { openFsStorage, type FsStorage, type FsStorageOptions } from './fs-storage';
export { FSYNC_POLICIES, type FsyncPolicy } from './fsync-policy';
export { FsBlobStore } from './fs-blob-store';
export { blobPath, recordFileName } from './paths';
export { MAX_LOGGED_WRITE } from './fs-storage';
export { MAX_KEPT_OPEN } from './open-handles';
