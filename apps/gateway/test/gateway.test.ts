import { describe, expect, it } from 'vitest';
import { createGateway, startGateway, VERSION } from '../src/index';

describe('gateway', () => {
  it('answers health in-process', async () => {
    const app = createGateway();
    const res = await app.request('/_rangeway/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: VERSION });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await createGateway().request('/nowhere');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('not_found');
  });

  it('serves over loopback on a random free port and stops', async () => {
    const running = await startGateway();
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${running.url}/_rangeway/health`);
      expect((await res.json()).status).toBe('ok');
    } finally {
      await running.close();
    }
    await expect(fetch(`${running.url}/_rangeway/health`)).rejects.toThrow();
  });
});
