import { Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
import { describe, expect, it, vi } from 'vitest';
import { createWorker } from '../src/entries/create-worker';

const get = (path: string) => new Request(`https://edge.example${path}`);

describe('createWorker (the module worker behind dist/worker.js)', () => {
  it('serves the gateway and builds its storage once per isolate, from the bindings', async () => {
    const storage = vi.fn(() => createMemoryStorage());
    const worker = createWorker({ storage });
    const env = { BUCKET: 'r2-binding' };
    const res = await worker.fetch(get('/_rangeway/health'), env);
    expect((await res.json()).status).toBe('ok');
    await worker.fetch(get('/_rangeway/health'), env);
    expect(storage).toHaveBeenCalledTimes(1);
    expect(storage).toHaveBeenCalledWith(env);
  });

  it('keeps the admin surface off unless a binding turns it on', async () => {
    expect((await createWorker().fetch(get('/_rangeway/sessions'), {})).status).toBe(404);
    const on = await createWorker().fetch(get('/_rangeway/sessions'), { RANGEWAY_ADMIN: 'on' });
    expect(on.status).toBe(200);
    const viaJson = await createWorker().fetch(get('/_rangeway/sessions'), { rangeway: { admin: 'on' } });
    expect(viaJson.status).toBe(200);
  });

  it('answers a bad binding with a JSON 500 naming the binding, and retries on the next request', async () => {
    const worker = createWorker();
    const res = await worker.fetch(get('/_rangeway/health'), { RANGEWAY_REQUEST_LOG_SIZE: 'lots' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: 'config_error', message: expect.stringContaining('RANGEWAY_REQUEST_LOG_SIZE') });
    expect((await worker.fetch(get('/_rangeway/health'), {})).status).toBe(200);
  });

  it('refuses the fs store, which needs a file system a worker does not have', async () => {
    const res = await createWorker().fetch(get('/_rangeway/health'), { RANGEWAY_STORE: 'fs' });
    expect(res.status).toBe(500);
    expect((await res.json()).message).toMatch(/--store fs is not available in a worker/);
  });

  it('a Cron Trigger runs an expiry sweep step (Workers have no timers between requests)', async () => {
    const storage = createMemoryStorage();
    const worker = createWorker({ storage: () => storage });
    const due = await new Uploads({ storage, hashers: pureHashers }).create({ namespace: 'eos', target: 'x', ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    await worker.scheduled({}, {});
    expect((await storage.sessions.get(due.id))?.state).toBe('expired');
  });

  it('the s3 store: a missing secret or an unreachable database is a JSON 500 naming it', async () => {
    const s3 = { RANGEWAY_STORE: 's3', RANGEWAY_S3_ENDPOINT: 'http://127.0.0.1:9', RANGEWAY_S3_BUCKET: 'bucket' };
    const missing = await createWorker().fetch(get('/_rangeway/health'), s3);
    expect(missing.status).toBe(500);
    expect((await missing.json()).message).toMatch(/AWS_ACCESS_KEY_ID/);
    const env = { ...s3, AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's', DATABASE_URL: 'postgres://u@127.0.0.1:9/db' };
    const unreachable = await createWorker().fetch(get('/_rangeway/health'), env);
    expect(unreachable.status).toBe(500);
    const { message } = await unreachable.json();
    expect(message).toMatch(/database/i);
  });
});
