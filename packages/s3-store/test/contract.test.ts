import { describeStorageContract } from '@rangeway/core/testing';
import { describe, it } from 'vitest';
import { freshStore, missing } from './services';

// The one storage contract, on PostgreSQL state with an in-memory S3 that enforces S3's rules,
// and on PostgreSQL with a real radosgw.
const noDb = missing(false);
const noS3 = missing(true);

if (noDb) describe.skip(`storage contract: s3 store (${noDb})`, () => it('skipped', () => undefined));
else
  describeStorageContract('s3 store (fake S3 + PostgreSQL)', async () => {
    const fx = await freshStore('fake');
    return { storage: fx.storage, cleanup: fx.cleanup };
  });

if (noS3) describe.skip(`storage contract: s3 store on radosgw (${noS3})`, () => it('skipped', () => undefined));
else
  describeStorageContract('s3 store (radosgw + PostgreSQL)', async () => {
    const fx = await freshStore('rgw');
    return { storage: fx.storage, cleanup: fx.cleanup };
  });
