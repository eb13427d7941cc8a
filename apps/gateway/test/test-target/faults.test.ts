import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, createGateway } from '../../src/index';

const post = (app: ReturnType<typeof createGateway>, body: unknown) =>
  app.request('/_rangeway/faults', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** A gateway with a stand-in ClickHelp-style route, so faults can be shown without a dialect. */
function withProbe() {
  const app = createGateway({ config: { seed: 'faults' } });
  app.put('/api/v1/storage/probe', async (c) => {
    let n = 0;
    for await (const chunk of c.req.raw.body ?? []) n += (chunk as Uint8Array).length;
    return c.body(null, 202, { range: `bytes=0-${n - 1}` });
  });
  return app;
}

describe('fault injection', () => {
  it('fails the next K matching requests with a status, then lets them through', async () => {
    const app = withProbe();
    expect((await post(app, { dialect: 'clickhelp', method: 'PUT', action: 'status', status: 503, times: 2 })).status).toBe(201);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/api/v1/storage/probe', { method: 'PUT', body: 'abc' })).status);
    expect(statuses).toEqual([503, 503, 202]);
    expect((await (await app.request('/_rangeway/faults')).json()).faults[0].hits).toBe(2);
    // a rule for another dialect or method does not match
    await post(app, { dialect: 'box', action: 'status', status: 500 });
    expect((await app.request('/api/v1/storage/probe', { method: 'PUT', body: 'abc' })).status).toBe(202);
  });

  it('applies probabilistic rules reproducibly for a seed', async () => {
    const run = async () => {
      const app = withProbe();
      await post(app, { path: '/probe', action: 'status', status: 500, probability: 0.5 });
      const out = [];
      for (let i = 0; i < 16; i++) out.push((await app.request('/api/v1/storage/probe', { method: 'PUT', body: 'x' })).status);
      return out;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(new Set(a)).toEqual(new Set([500, 202]));
  });

  it('reports a stale offset', async () => {
    const app = withProbe();
    await post(app, { action: 'stale-offset', bytes: 2, times: 1 });
    const res = await app.request('/api/v1/storage/probe', { method: 'PUT', body: 'abcdef' });
    expect(res.headers.get('range')).toBe('bytes=0-3');
    const next = await app.request('/api/v1/storage/probe', { method: 'PUT', body: 'abcdef' });
    expect(next.headers.get('range')).toBe('bytes=0-5');
  });

  it('delays matching requests', async () => {
    const app = withProbe();
    await post(app, { action: 'delay', ms: 120, times: 1 });
    const t = performance.now();
    await app.request('/api/v1/storage/probe', { method: 'PUT', body: 'a' });
    expect(performance.now() - t).toBeGreaterThanOrEqual(100);
  });

  it('cuts the connection after N body bytes on a real server', async () => {
    const app = withProbe();
    await post(app, { action: 'cut', afterBytes: 1000, times: 1 });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const put = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'PUT', path: '/api/v1/storage/probe' }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(Buffer.alloc(100_000));
      });
    try {
      await expect(put()).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
      expect(await put()).toBe(202);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses bad rules by API and by flag', async () => {
    const app = withProbe();
    const res = await post(app, { action: 'status', status: 42 });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_fault');
    expect(() => createGateway({ config: { fault: ['{"action":"explode"}'] } })).toThrow(ConfigError);
    const fromFlag = createGateway({ config: { fault: ['{"action":"status","status":507,"dialect":"eos"}'] } });
    expect(fromFlag.faults.list()).toHaveLength(1);
  });
});

describe('request log', () => {
  it('records what the client sent and what it got, with credentials redacted', async () => {
    const app = withProbe();
    await app.request('/api/v1/storage/probe?format=resumable', {
      method: 'PUT',
      body: 'abc',
      headers: { 'content-range': 'bytes 0-2/3', authorization: 'Basic c2VjcmV0' },
    });
    await app.request('/nowhere');
    const all = (await (await app.request('/_rangeway/requests')).json()).requests;
    expect(all).toHaveLength(2); // admin calls are not logged
    const [put] = (await (await app.request('/_rangeway/requests?dialect=clickhelp&method=put')).json()).requests;
    expect(put).toMatchObject({
      method: 'PUT',
      path: '/api/v1/storage/probe',
      query: '?format=resumable',
      dialect: 'clickhelp',
      status: 202,
      requestHeaders: { 'content-range': 'bytes 0-2/3', authorization: '[redacted]' },
      responseHeaders: { range: 'bytes=0-2' },
    });
    expect((await (await app.request('/_rangeway/requests?status=404')).json()).requests[0].path).toBe('/nowhere');
    expect((await (await app.request(`/_rangeway/requests?since=${put.seq}`)).json()).requests).toHaveLength(1);
    await app.request('/_rangeway/requests', { method: 'DELETE' });
    expect((await (await app.request('/_rangeway/requests')).json()).requests).toEqual([]);
  });
});
