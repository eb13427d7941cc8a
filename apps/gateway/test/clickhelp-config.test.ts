import { describe, expect, it } from 'vitest';
import { createGateway, loadConfig } from '../src/index';

describe('clickhelp options', () => {
  it('has the documented defaults', () => {
    expect(loadConfig().clickhelp).toEqual({
      users: [],
      maxChunkSize: 10_485_760,
      maxFileSize: 1_073_741_824,
      idleExpiryMs: 86_400_000,
      idempotencyWindowMs: 600_000,
      allowDelete: false,
      lenientOffsets: false,
    });
  });

  it('reads users, limits and switches from flags and env, and refuses bad values', () => {
    const c = loadConfig({
      env: { RANGEWAY_CLICKHELP_USERS: 'alice:k1, bob:k2:ro' },
      argv: ['--clickhelp-max-chunk-size', '1024', '--clickhelp-allow-delete', '--clickhelp-lenient-offsets=true'],
    });
    expect(c.clickhelp).toMatchObject({ users: ['alice:k1', 'bob:k2:ro'], maxChunkSize: 1024, allowDelete: true, lenientOffsets: true });
    expect(() => loadConfig({ argv: ['--clickhelp-users', 'nokey'] })).toThrow(/--clickhelp-users/);
    expect(() => loadConfig({ argv: ['--clickhelp-max-file-size', '0'] })).toThrow(/--clickhelp-max-file-size/);
  });

  it('reaches the mounted dialect: auth on with users, a 1-byte upload, DELETE allowed', async () => {
    const app = createGateway({ config: { clickhelp: { users: ['alice:k1'], allowDelete: true } } });
    const url = 'http://localhost/api/v1/storage/a.txt';
    const auth = { authorization: `Basic ${btoa('alice:k1')}` };
    expect((await app.request(`${url}?format=resumable`, { method: 'POST' })).status).toBe(401);
    expect((await app.request(`${url}?format=resumable`, { method: 'POST', headers: auth })).status).toBe(200);
    const done = await app.request(`${url}?format=resumable`, { method: 'PUT', headers: { ...auth, 'content-range': 'bytes 0-0/1' }, body: 'x' });
    expect(done.status).toBe(201);
    expect((await app.request(url, { method: 'DELETE', headers: auth })).status).toBe(204);
  });
});
