import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';

// A full disk, end to end: the upload's data file is swapped for /dev/full (every write: ENOSPC).
let dataDir: string;
let gw: RunningGateway;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rangeway-full-'));
  gw = await startGateway({ config: { store: 'fs', dataDir } });
});
afterEach(async () => {
  await gw.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function fillDisk(): Promise<void> {
  for await (const s of gw.gateway.storage.sessions.list()) {
    await gw.gateway.storage.blobs.delete(s.blobKey);
    await symlink('/dev/full', join(dataDir, 'blobs', ...s.blobKey.split('/')));
  }
}

const body = (n: number) => new Uint8Array(n).fill(7);

describe('a full disk through the dialects', () => {
  it('EOS answers 507 in its own words and keeps the piece unrecorded', async () => {
    const put = (from: number, to: number) =>
      fetch(`${gw.url}/eos/full/file.bin`, {
        method: 'PUT',
        body: body(to - from),
        headers: { 'x-upload-range': `bytes=${from}-${to - 1}`, 'x-upload-totalsize': '2000' },
      });
    expect((await put(0, 1000)).status).toBe(201);
    await fillDisk();
    const res = await put(1000, 2000);
    expect(res.status).toBe(507);
    expect(await res.text()).toMatch(/^Unable to write - no space left on device/);
    const received = [];
    for await (const s of gw.gateway.storage.sessions.list()) received.push(s.received);
    expect(received).toEqual(['0-999']);
  });

  it('ClickHelp answers its 500 shape and the offset stays where it was', async () => {
    const url = `${gw.url}/api/v1/storage/full/file.bin?format=resumable`;
    expect((await fetch(url, { method: 'POST' })).status).toBe(200);
    const chunk = (from: number, to: number) =>
      fetch(url, { method: 'PUT', body: body(to - from), headers: { 'content-range': `bytes ${from}-${to - 1}/2000` } });
    expect((await chunk(0, 1000)).status).toBe(202);
    await fillDisk();
    const res = await chunk(1000, 2000);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'The storage failed; try again later.' });
    const query = await fetch(url, { method: 'PUT', headers: { 'content-range': 'bytes */2000' } });
    expect(query.status).toBe(202);
    expect(query.headers.get('range')).toBe('bytes=0-999');
  });
});
