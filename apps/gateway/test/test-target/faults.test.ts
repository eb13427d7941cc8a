import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { ConfigError, createGateway } from '../../src/index';

type App = ReturnType<typeof createGateway>;
const FILE = '/api/v1/storage/docs/a.bin?format=resumable';

const addFault = (app: App, rule: unknown) =>
  app.request('/_rangeway/faults', { method: 'POST', body: JSON.stringify(rule), headers: { 'content-type': 'application/json' } });

/** A ClickHelp resumable upload of `total` bytes, started and ready for chunks. */
async function started(total = 12) {
  const app = createGateway({ config: { seed: 'faults' } });
  expect((await app.request(`${FILE}&isOverwrite=true`, { method: 'POST' })).status).toBe(200);
  const chunk = (start: number, body: string) =>
    app.request(FILE, {
      method: 'PUT',
      body,
      headers: { 'content-range': `bytes ${start}-${start + body.length - 1}/${total}`, 'content-length': String(body.length) },
    });
  const offsetQuery = () => app.request(FILE, { method: 'PUT', headers: { 'content-range': `bytes */${total}` } });
  return { app, chunk, offsetQuery };
}

describe('fault injection (through the ClickHelp dialect)', () => {
  it('fails the next K matching requests with a status; the client resumes from the offset query', async () => {
    const { app, chunk, offsetQuery } = await started();
    expect((await chunk(0, 'abcd')).status).toBe(202);
    expect((await addFault(app, { dialect: 'clickhelp', method: 'PUT', action: 'status', status: 503, times: 2 })).status).toBe(201);
    expect((await chunk(4, 'efgh')).status).toBe(503);
    expect((await offsetQuery()).status).toBe(503);
    const q = await offsetQuery();
    expect(q.status).toBe(202);
    expect(q.headers.get('range')).toBe('bytes=0-3'); // the failed chunk was never stored
    expect((await chunk(4, 'efgh')).status).toBe(202);
    expect((await chunk(8, 'ijkl')).status).toBe(201);
    expect((await (await app.request('/_rangeway/faults')).json()).faults[0].hits).toBe(2);
    // a rule for another dialect does not match
    await addFault(app, { dialect: 'box', action: 'status', status: 500 });
    expect((await app.request('/api/v1/storage/docs/a.bin')).status).toBe(200);
  });

  it('applies probabilistic rules reproducibly for a seed', async () => {
    const run = async () => {
      const { app } = await started();
      await addFault(app, { path: '/docs/', method: 'HEAD', action: 'status', status: 500, probability: 0.5 });
      const out = [];
      for (let i = 0; i < 16; i++) out.push((await app.request(FILE, { method: 'HEAD' })).status);
      return out;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(new Set(a)).toEqual(new Set([500, 202]));
  });

  it('reports a stale offset in the 202 Range header once', async () => {
    const { app, chunk } = await started();
    await addFault(app, { action: 'stale-offset', bytes: 2, times: 1 });
    expect((await chunk(0, 'abcd')).headers.get('range')).toBe('bytes=0-1');
    const { requests } = await (await app.request('/_rangeway/requests?method=PUT')).json();
    expect(requests.at(-1).fault.clientGot).toBe('Range bytes=0-1 instead of bytes=0-3');
    expect(requests.at(-1).uploadId).toEqual(expect.any(String));
    expect((await chunk(4, 'efgh')).headers.get('range')).toBe('bytes=0-7');
  });

  it('delays matching requests', async () => {
    const { app, offsetQuery } = await started();
    await addFault(app, { action: 'delay', ms: 120, times: 1 });
    const t = performance.now();
    await offsetQuery();
    expect(performance.now() - t).toBeGreaterThanOrEqual(100);
  });

  it('cuts the connection after N body bytes on a real server; nothing of the chunk is kept', async () => {
    const { app, offsetQuery } = await started(100_000);
    await addFault(app, { dialect: 'clickhelp', method: 'PUT', action: 'cut', afterBytes: 1000, times: 1 });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const put = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, method: 'PUT', path: FILE, headers: { 'content-range': 'bytes 0-99999/100000' } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end(Buffer.alloc(100_000, 1));
      });
    try {
      await expect(put()).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
      // the request log says what the client got, not only what the dialect computed
      const { requests } = await (await app.request('/_rangeway/requests?method=PUT')).json();
      expect(requests.at(-1).fault).toEqual({ rule: 'f1', clientGot: expect.stringMatching(/^connection reset after 1000 body bytes, no answer \(the dialect computed \d{3}\)$/) });
      const q = await offsetQuery();
      expect(q.status).toBe(202);
      expect(q.headers.get('range')).toBeNull(); // no byte held
      expect(await put()).toBe(201);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses bad rules by API and by flag', async () => {
    const { app } = await started();
    const res = await addFault(app, { action: 'status', status: 42 });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_fault');
    // each refusal is one readable line that says what is wrong
    const broken = await app.request('/_rangeway/faults', { method: 'POST', body: '{"action": ', headers: { 'content-type': 'application/json' } });
    expect(await broken.json()).toEqual({ error: 'invalid_json', message: 'the body is not valid JSON' });
    const empty = await app.request('/_rangeway/faults', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect((await empty.json()).message).toBe('send a fault rule (a JSON object) or a list of them');
    const explode = await (await addFault(app, { action: 'explode' })).json();
    expect(explode.message).toMatch(/^action: [^\n]+$/);
    expect(() => createGateway({ config: { fault: ['{"action":"explode"}'] } })).toThrow(ConfigError);
    const fromFlag = createGateway({ config: { fault: ['{"action":"status","status":507,"dialect":"eos"}'] } });
    expect(fromFlag.faults.list()).toHaveLength(1);
  });
});

describe('request log', () => {
  it('records what the client sent and what it got, with credentials redacted', async () => {
    const { app, chunk } = await started();
    await app.request('/_rangeway/requests', { method: 'DELETE' });
    await chunk(0, 'abcd');
    await app.request('/nowhere', { headers: { authorization: 'Basic c2VjcmV0' } });
    const all = (await (await app.request('/_rangeway/requests')).json()).requests;
    expect(all).toHaveLength(2); // admin calls are not logged
    const [put] = (await (await app.request('/_rangeway/requests?dialect=clickhelp&method=put')).json()).requests;
    expect(put).toMatchObject({
      method: 'PUT',
      path: '/api/v1/storage/docs/a.bin',
      query: '?format=resumable',
      dialect: 'clickhelp',
      status: 202,
      requestHeaders: { 'content-range': 'bytes 0-3/12' },
      responseHeaders: { range: 'bytes=0-3' },
    });
    const [missing] = (await (await app.request('/_rangeway/requests?status=404')).json()).requests;
    expect(missing).toMatchObject({ path: '/nowhere', requestHeaders: { authorization: '[redacted]' } });
    expect((await (await app.request(`/_rangeway/requests?since=${put.seq}`)).json()).requests).toHaveLength(1);
    await app.request('/_rangeway/requests', { method: 'DELETE' });
    expect((await (await app.request('/_rangeway/requests')).json()).requests).toEqual([]);
  });

  it('keeps credentials in the query out of the log (EOS authz tokens, capabilities, signed URLs)', async () => {
    const { app } = await started();
    await app.request('/eos/x/a.bin?authz=ZTOKEN-SECRET&eos.app=cli&encURI=CAPSECRET&X-Amz-Signature=abc&AuthZ=again');
    const [entry] = (await (await app.request('/_rangeway/requests?dialect=eos')).json()).requests;
    expect(entry.query).toBe('?authz=[redacted]&eos.app=cli&encURI=[redacted]&X-Amz-Signature=[redacted]&AuthZ=[redacted]');
    expect(JSON.stringify(entry)).not.toMatch(/SECRET/);
  });
});
