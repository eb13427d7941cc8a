import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('serves over loopback on a random free port, on the fs store when asked, and stops', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rangeway-gw-'));
    const running = await startGateway({ config: { store: 'fs', dataDir } });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await readdir(dataDir)).sort()).toEqual(['LOCK', 'blobs', 'catalog', 'rangeway-store.json', 'sessions']);
      const res = await fetch(`${running.url}/_rangeway/health`);
      expect((await res.json()).status).toBe('ok');
    } finally {
      await running.close();
    }
    await expect(fetch(`${running.url}/_rangeway/health`)).rejects.toThrow();
    // released on close: another gateway takes the directory at once
    const again = await startGateway({ config: { store: 'fs', dataDir } });
    await again.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
