import { describe, expect, it } from 'vitest';
import { ConfigError, createGateway } from '../src/index';

const PAGE = 'https://uploader.example';
const preflight = (method: string, headers = 'content-range') => ({
  method: 'OPTIONS',
  headers: { origin: PAGE, 'access-control-request-method': method, 'access-control-request-headers': headers },
});

describe('--cors-origins', () => {
  it('answers a listed origin\'s preflight on every dialect with what it asked for', async () => {
    const g = createGateway({ config: { corsOrigins: [PAGE] } });
    for (const path of ['/api/2.0/files/upload_sessions/x', '/eos/a/b.bin', '/resume/b.bin', '/api/v1/storage/a/b.bin']) {
      const res = await g.request(path, preflight('PUT', 'content-range, digest'));
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(res.headers.get('access-control-allow-methods')).toBe('PUT');
      expect(res.headers.get('access-control-allow-headers')).toBe('content-range, digest');
    }
  });

  it('exposes every header an answer carries, Retry-After of a draining 503 included', async () => {
    const g = createGateway({ config: { corsOrigins: [PAGE] } });
    const piece = await g.request('/api/v1/storage/a/b.bin?format=resumable', { method: 'POST', headers: { origin: PAGE } });
    expect(piece.status).toBe(200);
    const chunk = await g.request('/api/v1/storage/a/b.bin?format=resumable', {
      method: 'PUT',
      headers: { origin: PAGE, 'content-range': 'bytes 0-1/4' },
      body: 'ab',
    });
    expect(chunk.headers.get('access-control-expose-headers')?.split(', ')).toContain('range');
    g.drain.begin();
    const refused = await g.request('/eos/a/b.bin', { method: 'PUT', headers: { origin: PAGE } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(refused.headers.get('access-control-expose-headers')?.split(', ')).toContain('retry-after');
  });

  it('gives an unlisted origin nothing, DeOSS included (its vendor CORS gives way to the flag)', async () => {
    const g = createGateway({ config: { corsOrigins: [PAGE] } });
    const stranger = { origin: 'https://elsewhere.example', 'access-control-request-method': 'PUT' };
    for (const path of ['/resume/b.bin', '/eos/a/b.bin']) {
      const res = await g.request(path, { method: 'OPTIONS', headers: stranger });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('without the flag, DeOSS keeps its vendor CORS and the other dialects send none', async () => {
    const g = createGateway();
    const stranger = { origin: 'https://elsewhere.example', 'access-control-request-method': 'PUT' };
    const deoss = await g.request('/resume/b.bin', { method: 'OPTIONS', headers: stranger });
    expect(deoss.status).toBe(204);
    expect(deoss.headers.get('access-control-allow-origin')).toBe('*');
    expect(deoss.headers.get('access-control-allow-methods')).toBe('PUT,GET,DELETE,OPTION');
    const box = await g.request('/api/2.0/files/upload_sessions', { method: 'OPTIONS', headers: stranger });
    expect(box.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('* opens the dialects but not the admin surface or /metrics, which need an origin named', async () => {
    const any = createGateway({ config: { corsOrigins: ['*'] } });
    expect((await any.request('/eos/a/b.bin', preflight('PUT'))).headers.get('access-control-allow-origin')).toBe(PAGE);
    for (const path of ['/_rangeway/sessions', '/metrics']) {
      expect((await any.request(path, preflight('GET', 'authorization'))).headers.get('access-control-allow-origin'), path).toBeNull();
      expect((await any.request(path, { headers: { origin: PAGE } })).headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const post = await any.request('/_rangeway/faults', {
      method: 'POST',
      headers: { origin: PAGE, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/x', action: 'status', status: 503 }),
    });
    expect(post.status).toBe(403);
    const named = createGateway({ config: { corsOrigins: ['*', PAGE] } });
    expect((await named.request('/metrics', { headers: { origin: PAGE } })).headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('refuses an entry that is not an origin, naming the flag', () => {
    expect(() => createGateway({ config: { corsOrigins: ['https://app.example/upload'] } })).toThrow(ConfigError);
    expect(() => createGateway({ config: { corsOrigins: ['https://app.example/upload'] } })).toThrow(/https:\/\/app\.example\/upload is not an origin/);
    expect(() => createGateway({ config: { corsOrigins: 'ftp://app.example' } })).toThrow(/cors-origins/);
    expect(createGateway({ config: { corsOrigins: 'https://App.Example:8443/, *' } }).config.corsOrigins).toEqual(['https://app.example:8443', '*']);
  });
});
