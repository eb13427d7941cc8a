import { streamOfBytes } from '@rangeway/core';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/index';
import { isLoopbackHost } from '../../src/test-target/index';

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('inspection and reset', () => {
  it('lists sessions with their received intervals, one in detail, files, and resets', async () => {
    const app = createGateway({ config: { clockStart: '2030-01-01T00:00:00Z', seed: 'inspect' } });
    const s = await app.uploads.create({ namespace: 'box', target: 'big.bin', total: 100 });
    await app.uploads.receive(s.id, { start: 0, end: 10, body: streamOfBytes(new Uint8Array(10)) });
    await app.uploads.receive(s.id, { start: 50, end: 60, body: streamOfBytes(new Uint8Array(10)) });
    const done = await app.uploads.create({ namespace: 'eos', target: '/eos/x', total: 1 });
    await app.uploads.receive(done.id, { start: 0, end: 1, body: streamOfBytes(new Uint8Array(1)) });
    await app.uploads.commit(done.id, { name: '/eos/x' });

    const list = await (await app.request('/_rangeway/sessions?dialect=box')).json();
    expect(list.sessions).toEqual([
      expect.objectContaining({
        id: s.id,
        dialect: 'box',
        target: 'big.bin',
        state: 'open',
        total: 100,
        received: [
          { start: 0, end: 10 },
          { start: 50, end: 60 },
        ],
        receivedBytes: 20,
        createdAt: '2030-01-01T00:00:00.000Z',
      }),
    ]);
    const detail = await (await app.request(`/_rangeway/sessions/${s.id}`)).json();
    expect(detail.parts.map((p: { start: number }) => p.start)).toEqual([0, 50]);
    expect((await app.request('/_rangeway/sessions/nope')).status).toBe(404);
    const files = await (await app.request('/_rangeway/files')).json();
    expect(files.files).toEqual([expect.objectContaining({ dialect: 'eos', name: '/eos/x', size: 1 })]);

    expect((await app.request('/_rangeway/reset', json({}))).status).toBe(204);
    expect((await (await app.request('/_rangeway/sessions')).json()).sessions).toEqual([]);
    expect((await (await app.request('/_rangeway/files')).json()).files).toEqual([]);
    const blobs: string[] = [];
    for await (const k of app.storage.blobs.list('')) blobs.push(k);
    expect(blobs).toEqual([]);
  });
});

describe('deterministic mode', () => {
  it('gives the same ids for the same seed and lets a test move the clock', async () => {
    const ids = async (seed: string) => {
      const app = createGateway({ config: { seed, clockStart: '2030-01-01T00:00:00Z' } });
      return [(await app.uploads.create({ namespace: 'x', target: 'a' })).id, app.uploads.ids.id(8)];
    };
    expect(await ids('s1')).toEqual(await ids('s1'));
    expect(await ids('s1')).not.toEqual(await ids('s2'));

    const app = createGateway({ config: { clockStart: '2030-01-01T00:00:00Z' } });
    const s = await app.uploads.create({ namespace: 'x', target: 'a', ttlMs: 60_000 });
    const moved = await (await app.request('/_rangeway/clock', json({ advanceMs: 61_000 }))).json();
    expect(moved).toEqual({ now: '2030-01-01T00:01:01.000Z', manual: true });
    expect((await app.uploads.get(s.id)).state).toBe('expired');
    expect((await app.request('/_rangeway/clock', json({ advanceMs: -1 }))).status).toBe(400);
    expect((await createGateway().request('/_rangeway/clock', json({ advanceMs: 1 }))).status).toBe(409);
  });
});

describe('admin protection', () => {
  it('needs the bearer token when one is configured', async () => {
    const app = createGateway({ config: { adminToken: 'secret-token' } });
    expect((await app.request('/_rangeway/sessions')).status).toBe(401);
    const ok = await app.request('/_rangeway/sessions', { headers: { authorization: 'Bearer secret-token' } });
    expect(ok.status).toBe(200);
    expect((await app.request('/_rangeway/health')).status).toBe(200); // health stays public
  });

  it('is off by default when bound beyond loopback, and can be switched off', async () => {
    expect((await createGateway({ config: { host: '0.0.0.0' } }).request('/_rangeway/sessions')).status).toBe(404);
    expect((await createGateway({ config: { admin: 'off' } }).request('/_rangeway/sessions')).status).toBe(404);
    expect((await createGateway({ config: { host: '0.0.0.0', admin: 'on' } }).request('/_rangeway/sessions')).status).toBe(200);
  });

  it('serves the live page without a build step', async () => {
    const res = await createGateway().request('/_rangeway/');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('/_rangeway/sessions');
    expect(html).toContain('class="bar"'.slice(7, 10)); // sanity: the page draws bars
  });
});

describe('the admin surface and web pages', () => {
  const post = (headers: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers } });

  it('tells loopback hosts by parsing them, not by their first characters', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['127.evil.example', '127.0.0.1.nip.io', '1270.0.0.1', '127.0.0.256', '0.0.0.0', '10.0.0.1', 'localhost.evil', '::'])
      expect(isLoopbackHost(h), h).toBe(false);
    expect(createGateway({ config: { host: '127.evil.example' } }).routes.some((r) => r.path.startsWith('/_rangeway/sessions'))).toBe(false);
  });

  it('refuses a rebound host name, a foreign origin, and a POST that is not JSON; the data stays', async () => {
    const app = createGateway();
    const s = await app.uploads.create({ namespace: 'eos', target: 'x', total: 1 });
    const reset = (init: RequestInit) => app.request('/_rangeway/reset', init);
    expect((await reset(post({ host: 'attacker.example:8080' }))).status).toBe(403);
    expect((await app.request('/_rangeway/sessions', { headers: { host: 'rebound.example' } })).status).toBe(403);
    expect((await reset(post({ host: '127.0.0.1:8080', origin: 'https://evil.example' }))).status).toBe(403);
    expect((await reset(post({ host: '127.0.0.1:8080', origin: 'null' }))).status).toBe(403);
    // what fetch(…, { mode: 'no-cors', method: 'POST' }) from a page can send: text/plain
    expect((await reset({ method: 'POST', headers: { host: '127.0.0.1:8080', 'content-type': 'text/plain;charset=UTF-8' } })).status).toBe(415);
    expect((await app.request('/_rangeway/faults', { method: 'DELETE', headers: { host: 'localhost:8080', origin: 'http://evil.example' } })).status).toBe(403);
    expect((await app.uploads.get(s.id)).state).toBe('open');
    // the gateway's own origin (its live page) and plain clients are fine
    expect((await reset(post({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }))).status).toBe(204);
    expect((await app.request('/_rangeway/sessions', { headers: { host: '[::1]:8080' } })).status).toBe(200);
  });
});
