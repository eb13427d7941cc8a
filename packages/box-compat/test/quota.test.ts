import { describe, expect, it } from 'vitest';
import { SIZE, smallBox } from './helpers';

// quotaBytes: past it Box's 403 storage_limit_exceeded (never a 5xx, which the SDKs would retry).
async function committed(t: ReturnType<typeof smallBox>, name: string) {
  const s = await (await t.create({ folder_id: '0', file_size: SIZE, file_name: name })).json();
  const res = await t.commit(s.id, await t.upload(s.id));
  expect(res.status).toBe(201);
  return (await res.json()).entries[0] as { id: string };
}

async function expectLimit(res: Response) {
  expect(res.status).toBe(403);
  expect((await res.json()).code).toBe('storage_limit_exceeded');
}

describe('Box storage quota', () => {
  it('refuses at create and at commit what would pass the quota; a new version counts only what it adds', async () => {
    const t = smallBox({ quotaBytes: 25 });
    const first = await committed(t, 'a.bin');
    // two sessions open while one file (10 bytes) is stored: both fit at create time
    const b = await (await t.create({ folder_id: '0', file_size: SIZE, file_name: 'b.bin' })).json();
    const c = await (await t.create({ folder_id: '0', file_size: SIZE, file_name: 'c.bin' })).json();
    expect((await t.commit(b.id, await t.upload(b.id))).status).toBe(201);
    await expectLimit(await t.commit(c.id, await t.upload(c.id))); // 10 + 10 + 10 > 25
    await expectLimit(await t.create({ folder_id: '0', file_size: SIZE, file_name: 'd.bin' }));
    // replacing a 10-byte file with 10 bytes adds nothing
    const v = await (await t.call('POST', `/api/2.0/files/${first.id}/upload_sessions`, { body: { file_size: SIZE } })).json();
    expect((await t.commit(v.id, await t.upload(v.id))).status).toBe(201);
    const items = await (await t.call('GET', '/2.0/folders/0/items')).json();
    expect(items.entries.map((e: { name: string }) => e.name)).toEqual(['a.bin', 'b.bin']);
  });

  it('refuses a one-request upload and its preflight past the quota, storing nothing', async () => {
    const t = smallBox({ quotaBytes: 12 });
    await committed(t, 'a.bin');
    await expectLimit(await t.call('OPTIONS', '/2.0/files/content', { body: { name: 'x.bin', size: 3, parent: { id: '0' } } }));
    const boundary = 'q';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n{"name":"x.bin","parent":{"id":"0"}}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n\r\nabc\r\n--${boundary}--\r\n`;
    const res = await t.app.request('http://127.0.0.1/api/2.0/files/content', { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    await expectLimit(res);
    expect((await (await t.call('GET', '/2.0/folders/0/items')).json()).total_count).toBe(1);
  });
});
