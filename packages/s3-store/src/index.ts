export { openS3Storage, type S3Storage, type S3StorageOptions } from './s3-storage';
export { AwsObjectStore, type S3Options } from './aws-object-store';
export { FakeObjectStore } from './fake-object-store';
export { type MultipartUpload, type ObjectInfo, type ObjectStore, type PartRules, type PartSource, S3_RULES } from './object-store';
export { type AssemblyPlan, type PlannedPart, planAssembly } from './assembly-plan';
export { type Extent, type Piece, layout } from './extents';
export { S3Error } from './s3-error';
export { StoreUnavailableError } from './startup-errors';
