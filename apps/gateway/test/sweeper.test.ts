import { ManualClock, Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
import { expect, it } from 'vitest';
import { startSweeper } from '../src/sweeper';

it('works off a backlog of 10,000 abandoned sessions in steps that follow each other, not one per interval', async () => {
  const clock = new ManualClock(0);
  const uploads = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, clock });
  for (let i = 0; i < 10_000; i++) await uploads.create({ namespace: 'box', target: `f${i}`, total: 10, ttlMs: 1000 });
  clock.advance(2000);
  const started = Date.now();
  const sweeper = startSweeper(uploads, { intervalMs: 1000, limit: 100 });
  try {
    let open = 10_000;
    while (open > 0 && Date.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 100));
      open = 0;
      for await (const _ of uploads.storage.sessions.list({ states: ['open'] })) open++;
    }
    const took = Date.now() - started;
    console.log(`10,000 due sessions expired in ${took} ms (100 per step, 1 s interval)`);
    expect(open).toBe(0);
    expect(took).toBeLessThan(10_000); // one batch per interval would take 100 s
  } finally {
    await sweeper.stop();
  }
}, 30_000);

it('gives an unfinished upload of every dialect an expiry by default', async () => {
  const { createGateway } = await import('../src/index');
  const app = createGateway({ config: { deoss: { auth: 'off' } } });
  await app.request('/api/2.0/files/upload_sessions', { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: 30_000_000, file_name: 'a.bin' }) });
  await app.request('/eos/x/a.bin', { method: 'PUT', body: 'ab', headers: { 'content-length': '2', 'x-upload-range': 'bytes=0-1', 'x-upload-totalsize': '4' } });
  await app.request('/resume/abc.bin', {
    method: 'PUT',
    body: 'ab',
    headers: { 'content-range': 'bytes 0-1/4', account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt', territory: 't' },
  });
  await app.request('/api/v1/storage/docs/a.bin?format=resumable', { method: 'POST' });
  await app.request('/api/v1/storage/docs/a.bin?format=resumable', { method: 'PUT', body: 'ab', headers: { 'content-range': 'bytes 0-1/4' } });
  const { sessions } = await (await app.request('/_rangeway/sessions?state=open')).json();
  const expiry = Object.fromEntries(sessions.map((s: { dialect: string; expiresAt: string | null }) => [s.dialect, s.expiresAt !== null]));
  expect(expiry).toEqual({ box: true, eos: true, deoss: true, clickhelp: true });
});
