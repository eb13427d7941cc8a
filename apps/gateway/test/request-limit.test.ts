import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src/index';

// --max-request-bytes (a Worker's plan limit): a body over it is refused before it is read, in
// each dialect's own shape, and nothing of it is kept; one at the limit goes through.
const LIMIT = 1000;
const app = () => createGateway({ config: { maxRequestBytes: LIMIT, deoss: { auth: 'off' }, box: { minFileSize: 1 } } });
const bytes = (n: number) => new Uint8Array(n).fill(3);

describe('--max-request-bytes', () => {
  it('EOS: 413 naming the limit; none of its bytes can be read; a piece at the limit is written', async () => {
    const gw = app();
    const put = (n: number) =>
      gw.request('/eos/lim/a.bin', {
        method: 'PUT',
        body: bytes(n),
        headers: { 'content-length': String(n), 'x-upload-range': `bytes=0-${n - 1}`, 'x-upload-totalsize': String(2 * LIMIT) },
      });
    const res = await put(LIMIT + 1);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/at most 1000 bytes/);
    const seen = await gw.request('/eos/lim/a.bin');
    expect(seen.status === 404 || (await seen.arrayBuffer()).byteLength === 0).toBe(true);
    expect((await put(LIMIT)).status).toBe(201);
  });

  it('Box: a part over the limit is 413 in Box JSON and leaves the session without parts', async () => {
    const gw = app();
    const created = await gw.request('/api/2.0/files/upload_sessions', { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: 3000, file_name: 'x.bin' }) });
    const { id, part_size: partSize } = (await created.json()) as { id: string; part_size: number };
    const n = Math.min(partSize, 3000);
    const res = await gw.request(`/api/2.0/files/upload_sessions/${id}`, {
      method: 'PUT',
      body: bytes(n),
      headers: { 'content-length': String(n), 'content-range': `bytes 0-${n - 1}/3000`, digest: `sha=${createHash('sha1').update(bytes(n)).digest('base64')}` },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ type: 'error', status: 413, code: 'request_entity_too_large' });
    const parts = (await (await gw.request(`/api/2.0/files/upload_sessions/${id}/parts`)).json()) as { entries: unknown[] };
    expect(parts.entries).toEqual([]);
  });

  it('ClickHelp and DeOSS refuse in their own shapes', async () => {
    const gw = app();
    expect((await gw.request('/api/v1/storage/lim/b.bin?format=resumable', { method: 'POST' })).status).toBe(200);
    const click = await gw.request('/api/v1/storage/lim/b.bin?format=resumable', {
      method: 'PUT',
      body: bytes(LIMIT + 1),
      headers: { 'content-length': String(LIMIT + 1), 'content-range': `bytes 0-${LIMIT}/${LIMIT + 1}` },
    });
    expect(click.status).toBe(400);
    expect(await click.text()).toMatch(/at most 1000 bytes/);
    const deoss = await gw.request('/resume/c.bin', {
      method: 'PUT',
      body: bytes(LIMIT + 1),
      headers: { 'content-length': String(LIMIT + 1), 'content-range': `bytes 0-${LIMIT}/${LIMIT + 1}`, account: 'a', territory: 't' },
    });
    expect(deoss.status).toBe(200);
    expect(((await deoss.json()) as { code: number }).code).not.toBe(200);
  });
});
