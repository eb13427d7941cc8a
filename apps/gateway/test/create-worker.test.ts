import { createMemoryStorage } from '@rangeway/core';
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
});
