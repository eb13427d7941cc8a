import { describe, expect, it } from 'vitest';
import { data, expectError, range, setup } from './helpers';

const R = '?format=resumable';
const query = (total: number | '*') => ({ 'content-range': `bytes */${total}` });

describe('resumable upload', () => {
  it('reports the offset: no Range before the first byte, then bytes=0-last; HEAD answers the same without a body', async () => {
    const { call } = setup();
    const f = data(30);
    await call('POST', `q.bin${R}`);
    const empty = await call('PUT', `q.bin${R}`, { headers: query(30) });
    expect([empty.status, empty.headers.get('range'), await empty.text()]).toEqual([202, null, '']);
    await call('PUT', `q.bin${R}`, { headers: range(0, 9, 30), body: f.slice(0, 10) });
    for (const r of [await call('PUT', `q.bin${R}`, { headers: query('*') }), await call('HEAD', `q.bin${R}`)]) {
      expect([r.status, r.headers.get('range'), await r.text()]).toEqual([202, 'bytes=0-9', '']);
    }
    await call('PUT', `q.bin${R}`, { headers: range(10, 29, 30), body: f.slice(10) });
    const done = await call('PUT', `q.bin${R}`, { headers: query(30) });
    expect(done.status).toBe(201);
    expect((await done.json()).size).toBe(30);
    const head = await call('HEAD', `q.bin${R}`);
    expect([head.status, await head.text()]).toEqual([201, '']);
  });

  it('answers an exact repeat of the last chunk with 202 and the same Range, writing nothing', async () => {
    const { call, uploads } = setup();
    const f = data(30);
    await call('POST', `r.bin${R}`);
    await call('PUT', `r.bin${R}`, { headers: range(0, 9, 30), body: f.slice(0, 10) });
    await call('PUT', `r.bin${R}`, { headers: range(10, 19, 30), body: f.slice(10, 20) });
    const parts = (await uploads.getByKey('clickhelp', 'r.bin'))!.parts;
    const again = await call('PUT', `r.bin${R}`, { headers: range(10, 19, 30), body: f.slice(10, 20) });
    expect([again.status, again.headers.get('range')]).toEqual([202, 'bytes=0-19']);
    expect((await uploads.getByKey('clickhelp', 'r.bin'))!.parts).toEqual(parts);
  });

  it('takes `*` totals until a chunk declares the total; a `*` chunk that ends the data stays 202', async () => {
    const { call, stored } = setup();
    const f = data(25);
    await call('POST', `s.bin${R}`);
    expect((await call('PUT', `s.bin${R}`, { headers: range(0, 9, '*'), body: f.slice(0, 10) })).status).toBe(202);
    const last = await call('PUT', `s.bin${R}`, { headers: range(10, 24, '*'), body: f.slice(10) });
    expect([last.status, last.headers.get('range')]).toEqual([202, 'bytes=0-24']);
    // the client repeats its last chunk, now with the total: that completes the upload
    const done = await call('PUT', `s.bin${R}`, { headers: range(10, 24, 25), body: f.slice(10) });
    expect(done.status).toBe(201);
    expect(await stored('s.bin')).toEqual(f);
  });

  it('refuses a declared total below the bytes already held', async () => {
    const { call } = setup();
    const f = data(25);
    await call('POST', `t.bin${R}`);
    await call('PUT', `t.bin${R}`, { headers: range(0, 19, '*'), body: f.slice(0, 20) });
    await expectError(await call('PUT', `t.bin${R}`, { headers: range(0, 9, 10), body: f.slice(0, 10) }), 400);
  });

  it('answers a repeated final chunk with 201 and the same JSON within the idempotency window, 404 after', async () => {
    const { call, clock } = setup({ idempotencyWindowMs: 60_000 });
    const f = data(20);
    await call('POST', `i.bin${R}`);
    await call('PUT', `i.bin${R}`, { headers: range(0, 9, 20), body: f.slice(0, 10) });
    const first = await call('PUT', `i.bin${R}`, { headers: range(10, 19, 20), body: f.slice(10) });
    const body = await first.text();
    expect(first.status).toBe(201);
    clock.advance(60_000);
    const again = await call('PUT', `i.bin${R}`, { headers: range(10, 19, 20), body: f.slice(10) });
    expect([again.status, await again.text()]).toEqual([201, body]);
    const different = f.slice(10);
    different[0]! ^= 1;
    await expectError(await call('PUT', `i.bin${R}`, { headers: range(10, 19, 20), body: different }), 404);
    clock.advance(1);
    await expectError(await call('PUT', `i.bin${R}`, { headers: range(10, 19, 20), body: f.slice(10) }), 404);
  });

  it('restarts at offset 0 on a second start, dropping the unfinished bytes', async () => {
    const { call, uploads, storage, stored } = setup();
    const f = data(20);
    await call('POST', `z.bin${R}`);
    await call('PUT', `z.bin${R}`, { headers: range(0, 9, 20), body: f.slice(0, 10) });
    const old = (await uploads.getByKey('clickhelp', 'z.bin'))!;
    expect((await call('POST', `z.bin${R}`)).status).toBe(200);
    expect(await storage.blobs.size(old.blobKey)).toBeUndefined();
    const status = await call('PUT', `z.bin${R}`, { headers: query(20) });
    expect(status.headers.get('range')).toBeNull();
    await call('PUT', `z.bin${R}`, { headers: range(0, 19, 20), body: f });
    expect(await stored('z.bin')).toEqual(f);
  });

  it('with isOverwrite=true keeps the old file readable until the final chunk replaces it', async () => {
    const { call, stored } = setup();
    const v1 = data(10, 1);
    const v2 = data(20, 2);
    await call('POST', `o.bin${R}`);
    await call('PUT', `o.bin${R}`, { headers: range(0, 9, 10), body: v1 });
    expect((await call('POST', `o.bin${R}&isOverwrite=true`)).status).toBe(200);
    await call('PUT', `o.bin${R}`, { headers: range(0, 9, 20), body: v2.slice(0, 10) });
    expect(await stored('o.bin')).toEqual(v1);
    expect((await (await call('GET', 'o.bin')).json()).size).toBe(10);
    expect((await call('PUT', `o.bin${R}`, { headers: range(10, 19, 20), body: v2.slice(10) })).status).toBe(201);
    expect(await stored('o.bin')).toEqual(v2);
  });

  it('hides an unfinished upload from GET (not a file yet)', async () => {
    const { call } = setup();
    await call('POST', `u.bin${R}`);
    await call('PUT', `u.bin${R}`, { headers: range(0, 0, 2), body: 'a' });
    await expectError(await call('GET', 'u.bin'), 404);
  });

  it('cancels with DELETE ?format=resumable: 204, bytes dropped, later chunks 404', async () => {
    const { call, uploads, storage } = setup();
    await call('POST', `c.bin${R}`);
    await call('PUT', `c.bin${R}`, { headers: range(0, 0, 2), body: 'a' });
    const s = (await uploads.getByKey('clickhelp', 'c.bin'))!;
    const del = await call('DELETE', `c.bin${R}`);
    expect([del.status, await del.text()]).toEqual([204, '']);
    expect(await storage.blobs.size(s.blobKey)).toBeUndefined();
    await expectError(await call('PUT', `c.bin${R}`, { headers: range(1, 1, 2), body: 'b' }), 404);
  });

  it('accepts an overlapping chunk with a new tail in lenient mode (identical overlap only)', async () => {
    const strict = setup();
    const lenient = setup({ lenientOffsets: true });
    const f = data(30);
    for (const env of [strict, lenient]) {
      await env.call('POST', `l.bin${R}`);
      await env.call('PUT', `l.bin${R}`, { headers: range(0, 9, 30), body: f.slice(0, 10) });
    }
    await expectError(await strict.call('PUT', `l.bin${R}`, { headers: range(5, 19, 30), body: f.slice(5, 20) }), 409, { range: 'bytes=0-9' });
    const ok = await lenient.call('PUT', `l.bin${R}`, { headers: range(5, 19, 30), body: f.slice(5, 20) });
    expect([ok.status, ok.headers.get('range')]).toEqual([202, 'bytes=0-19']);
    const bad = f.slice(15, 25);
    bad[0]! ^= 1;
    await expectError(await lenient.call('PUT', `l.bin${R}`, { headers: range(15, 24, 30), body: bad }), 409, { range: 'bytes=0-19' });
    expect((await lenient.call('PUT', `l.bin${R}`, { headers: range(15, 29, 30), body: f.slice(15) })).status).toBe(201);
    expect(await lenient.stored('l.bin')).toEqual(f);
  });

  it('accepts a file of 1 byte, and paths with spaces, unicode and percent-escapes', async () => {
    const { call, app } = setup();
    const path = encodeURIComponent('Отчёт 2025') + '/' + encodeURIComponent('a b%.txt');
    await call('POST', `${path}${R}`);
    const r = await app.request(`http://localhost/api/v1/storage/${path}${R}`, { method: 'PUT', headers: range(0, 0, 1), body: 'x' });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ fileFullName: 'Storage\\Отчёт 2025\\a b%.txt', fileName: 'a b%.txt', size: 1 });
  });
});
