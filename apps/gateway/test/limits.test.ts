import { describe, expect, it } from 'vitest';
import { createGateway } from '../src/index';

// Declared totals are bounded per dialect, each refusal in the dialect's own shape, and a huge
// declared total that is allowed costs nothing for the bytes that were never sent.
const TiB = 2 ** 40;

describe('EOS', () => {
  const piece = (app: ReturnType<typeof createGateway>, path: string, start: number, total: number) =>
    app.request(`/eos/${path}`, {
      method: 'PUT',
      body: Uint8Array.of(7),
      headers: { 'content-length': '1', 'x-upload-range': `bytes=${start}-${start}`, 'x-upload-totalsize': String(total) },
    });

  it('a 1-byte final piece of a 1 TiB file commits at once, with the Adler-32 of the zeros before it', async () => {
    const app = createGateway();
    const started = performance.now();
    const res = await piece(app, 'big/a.bin', TiB - 1, TiB);
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeLessThan(3000);
    const head = await app.request('/eos/big/a.bin', { method: 'HEAD', headers: { 'want-digest': 'adler32' } });
    expect(head.headers.get('content-length')).toBe(String(TiB));
    const b = ((TiB - 1) % 65521 + 8) % 65521;
    expect(head.headers.get('digest')).toBe(`adler32=${((b * 65536 + 8) >>> 0).toString(16)}`);
  });

  it('refuses a piece past the maximum with 413, before reading it', async () => {
    expect((await piece(createGateway(), 'big/b.bin', 0, TiB + 1)).status).toBe(413);
    const small = createGateway({ config: { eos: { maxFileSize: 1000 } } });
    const res = await piece(small, 'big/c.bin', 1000, 1001);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/at most 1000 bytes/);
    expect((await piece(small, 'big/c.bin', 999, 1000)).status).toBe(201);
  });
});

describe('Box', () => {
  const create = (app: ReturnType<typeof createGateway>, size: number) =>
    app.request('/api/2.0/files/upload_sessions', { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: size, file_name: 'x.bin' }) });

  it('refuses a file_size past the maximum with 413 file_size_limit_exceeded', async () => {
    const res = await create(createGateway(), 500_000_000_001);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ type: 'error', status: 413, code: 'file_size_limit_exceeded' });
    const small = createGateway({ config: { box: { maxFileSize: 30_000_000 } } });
    expect((await create(small, 30_000_001)).status).toBe(413);
    expect((await create(small, 30_000_000)).status).toBe(201);
  });
});

describe('DeOSS', () => {
  it('refuses a Content-Range total past the maximum as a file that does not fit', async () => {
    const app = createGateway({ config: { deoss: { auth: 'off' } } });
    const res = await app.request('/resume/huge.bin', {
      method: 'PUT',
      body: Uint8Array.of(1),
      headers: { 'content-range': `bytes 0-0/${TiB + 1}`, account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt', territory: 't' },
    });
    expect(await res.json()).toEqual({ code: 400, msg: 'insufficient territory space', data: null });
  });
});
