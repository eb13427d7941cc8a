import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageContract } from '@rangeway/core/testing';
import { openFsStorage } from '../src/index';

for (const fsync of ['always', 'batch', 'never'] as const) {
  describeStorageContract(`fs (fsync ${fsync})`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rangeway-fs-'));
    return { storage: await openFsStorage({ dir, fsync }), cleanup: () => rm(dir, { recursive: true, force: true }) };
  });
}
