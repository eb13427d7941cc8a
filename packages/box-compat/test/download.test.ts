import { describe, expect, it } from 'vitest';
import { DATA, SIZE, smallBox } from './helpers';

// Box's download: GET /files/{id}/content answers 302 to a short-lived URL that serves the bytes
// without the bearer token (the legacy box-node-sdk's getReadStream needs exactly this).
const TOKEN = 'box-token';
const auth = { authorization: `Bearer ${TOKEN}` };

async function committed(t: ReturnType<typeof smallBox>, auth = { authorization: `Bearer ${TOKEN}` }) {
  const s = await (await t.call('POST', '/api/2.0/files/upload_sessions', { body: { folder_id: '0', file_size: SIZE, file_name: 'd.bin' }, headers: auth })).json();
  const parts = [];
  for (const [a, b] of [[0, 3], [4, 7], [8, 9]] as const) parts.push((await (await t.part(s.id, a, b, undefined, auth)).json()).part);
  const res = await t.commit(s.id, parts, undefined, auth);
  expect(res.status).toBe(201);
  return (await res.json()).entries[0] as { id: string };
}

describe('Box download (302)', () => {
  it('answers 302 with a Location under the same API base, which serves the bytes without the token', async () => {
    const t = smallBox({ tokens: [TOKEN] });
    const file = await committed(t);
    for (const base of ['/api/2.0', '/2.0']) {
      const res = await t.call('GET', `${base}/files/${file.id}/content`, { headers: auth });
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1${base.replace('.', '\\.')}/files/${file.id}/content/download\\?expires=\\d+&sig=[0-9a-f]{64}$`));
      const bytes = await t.app.request(location);
      expect(bytes.status).toBe(200);
      expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(DATA);
      const part = await t.app.request(location, { headers: { range: 'bytes=2-5' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 2-5/${SIZE}`);
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(DATA.subarray(2, 6));
    }
  });

  it('still wants the token for the 302 itself', async () => {
    const t = smallBox({ tokens: [TOKEN] });
    const file = await committed(t);
    expect((await t.call('GET', `/api/2.0/files/${file.id}/content`)).status).toBe(401);
  });

  it('refuses a forged, altered or expired ticket with Box\'s 404', async () => {
    const t = smallBox({ tokens: [TOKEN] });
    const file = await committed(t);
    const location = (await t.call('GET', `/api/2.0/files/${file.id}/content`, { headers: auth })).headers.get('location')!;
    const [, expires, sig] = /expires=(\d+)&sig=([0-9a-f]+)$/.exec(location)!;
    const flipped = `${sig!.slice(0, -1)}${sig!.endsWith('0') ? '1' : '0'}`;
    const forms = [`expires=${expires}&sig=${flipped}`, `expires=${Number(expires) + 60}&sig=${sig}`, 'sig=anything', `expires=${expires}`, `expires=${expires}&sig=${'0'.repeat(64)}`];
    for (const bad of forms) {
      const res = await t.app.request(location.replace(/\?.*$/, `?${bad}`));
      expect(res.status, bad).toBe(404);
      expect((await res.json()).code).toBe('not_found');
    }
    t.clock.advance(16 * 60 * 1000); // Box's links live about 15 minutes
    expect((await t.app.request(location)).status).toBe(404);
  });

  it('a ticket signed with other tokens is worthless here', async () => {
    const a = smallBox({ tokens: [TOKEN] });
    const file = await committed(a);
    const location = (await a.call('GET', `/api/2.0/files/${file.id}/content`, { headers: auth })).headers.get('location')!;
    const b = smallBox({ tokens: ['another-token'] });
    await committed(b, { authorization: 'Bearer another-token' }); // same seeded ids: the same file id exists there
    expect((await b.app.request(location)).status).toBe(404);
  });

  it('404 for an unknown file, as before', async () => {
    const t = smallBox({ tokens: [TOKEN] });
    expect((await t.call('GET', '/api/2.0/files/12345/content', { headers: auth })).status).toBe(404);
  });
});
