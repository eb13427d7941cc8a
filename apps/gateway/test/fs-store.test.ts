import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type UploadSession, collectBytes, streamOfBytes } from '@rangeway/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGateway } from '../src/index';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 9)) & 255);
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rangeway-gw-fs-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('gateway on the fs store', () => {
  it('resumes an upload after a restart on the same data dir and commits the right SHA-1', async () => {
    const file = bytes(1_500_000);
    let running = await startGateway({ config: { store: 'fs', dataDir } });
    const s = await running.gateway.uploads.create({ namespace: 'n', target: 'a', key: 'a', total: file.length, trackDigests: ['sha1'] });
    await running.gateway.uploads.receive(s.id, { start: 0, end: 700_000, body: streamOfBytes(file.subarray(0, 700_000)) });
    await running.close();

    running = await startGateway({ config: { store: 'fs', dataDir } });
    try {
      const { uploads } = running.gateway;
      const back = (await uploads.getByKey('n', 'a'))!;
      expect(back.received).toBe('0-699999');
      await uploads.receive(s.id, { start: 700_000, end: file.length, body: streamOfBytes(file.subarray(700_000)) });
      const { file: rec } = await uploads.commit(s.id, { name: 'a', digests: ['sha1'] });
      expect(rec.digests.sha1).toBe(sha1(file));
      expect(Buffer.from(await collectBytes(await running.gateway.storage.blobs.read(rec.blobKey))).equals(file)).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('expires abandoned sessions in the background, a slice at a time, never touching committed files', async () => {
    const clock = new ManualClock();
    const running = await startGateway({ config: { store: 'fs', dataDir, sweepIntervalMs: 1, sweepLimit: 2 }, clock });
    try {
      const { uploads, storage } = running.gateway;
      const kept = await uploads.create({ namespace: 'n', target: 'kept', total: 3, ttlMs: 1000 });
      await uploads.receive(kept.id, { start: 0, end: 3, body: streamOfBytes(bytes(3)) });
      const { file } = await uploads.commit(kept.id, { name: 'kept' });
      const abandoned: UploadSession[] = [];
      for (let i = 0; i < 5; i++) {
        const s = await uploads.create({ namespace: 'n', target: `x${i}`, total: 10, ttlMs: 1000 });
        await uploads.receive(s.id, { start: 0, end: 4, body: streamOfBytes(bytes(4)) });
        abandoned.push(s);
      }
      clock.advance(1000);
      await vi.waitFor(
        async () => {
          for (const s of abandoned) expect((await storage.sessions.get(s.id))!.state).toBe('expired');
          // the blob goes right after the state changes (the sweep step may still be deleting it)
          for (const s of abandoned) expect(await storage.blobs.size(s.blobKey)).toBeUndefined();
        },
        { timeout: 10_000, interval: 5 },
      );
      expect(await collectBytes(await storage.blobs.read(file.blobKey))).toEqual(bytes(3));
      expect((await storage.files.get('n', 'kept'))!.id).toBe(file.id);
    } finally {
      await running.close();
    }
  });

  it('keeps one gateway per data dir', async () => {
    const running = await startGateway({ config: { store: 'fs', dataDir } });
    try {
      await expect(startGateway({ config: { store: 'fs', dataDir } })).rejects.toThrow(/in use by process/);
    } finally {
      await running.close();
    }
  });
});
