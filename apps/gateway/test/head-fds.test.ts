import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startGateway } from '../src/index';

const openFds = () => readdirSync('/proc/self/fd').length;
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;

it('HEAD of a stored file 2,000 times leaves no file open (fs store)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'rangeway-head-'));
  const gw = await startGateway({ config: { store: 'fs', dataDir, box: { minFileSize: 1 } } });
  try {
    const data = new Uint8Array(4096).fill(3);
    const api = `${gw.url}/api/2.0/files/upload_sessions`;
    const s = await (await fetch(api, { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: data.length, file_name: 'h.bin' }) })).json();
    const put = await fetch(`${api}/${s.id}`, { method: 'PUT', body: data, headers: { 'content-range': `bytes 0-4095/4096`, digest: sha(data) } });
    const { part } = await put.json();
    const commit = await fetch(`${api}/${s.id}/commit`, { method: 'POST', body: JSON.stringify({ parts: [part] }), headers: { digest: sha(data) } });
    const fileId = (await commit.json()).entries[0].id as string;
    const url = `${gw.url}/api/2.0/files/${fileId}/content`;
    const first = await fetch(url, { method: 'HEAD' });
    expect(first.status).toBeLessThan(400);
    const before = openFds();
    for (let i = 0; i < 2000; i++) await (await fetch(url, { method: 'HEAD' })).arrayBuffer();
    const after = openFds();
    console.log(`open fds before ${before}, after 2,000 HEADs ${after}`);
    expect(after - before).toBeLessThan(20);
  } finally {
    await gw.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);
