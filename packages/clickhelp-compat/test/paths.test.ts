import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectError, listen, range, setup } from './helpers';

const R = '?format=resumable';

describe('path safety', () => {
  it.each([
    ['an encoded parent segment', '..%2F..%2Fetc%2Fpasswd'],
    ['a parent segment inside', 'a%2F..%2F..%2Fb'],
    ['a dot segment', 'a%2F.%2Fb'],
    ['an empty segment', 'a//b'],
    ['a trailing slash', 'a/'],
    ['a backslash', 'a%5C..%5Cb'],
    ['a NUL byte', 'a%00.txt'],
    ['a control character', 'a%0Ab'],
    ['a malformed escape', 'a%zz'],
    ['an invalid UTF-8 escape', 'a%C0%AF'],
    ['a segment over 255 bytes', 'é'.repeat(128)],
    ['a path over 1024 bytes', Array.from({ length: 11 }, () => 'x'.repeat(100)).join('/')],
  ])('refuses %s with 400 on every method', async (_, path) => {
    const { call, storage } = setup();
    for (const method of ['POST', 'PUT', 'GET', 'DELETE'])
      await expectError(await call(method, `${path}${R}`, { headers: range(0, 0, 1), body: method === 'PUT' ? 'x' : undefined }), 400);
    const names: string[] = [];
    for await (const f of storage.files.list('clickhelp')) names.push(f.name);
    expect(names).toEqual([]);
  });

  it('accepts the longest allowed segment and path', async () => {
    const { call } = setup();
    const seg = 'é'.repeat(127) + 'x'; // 255 bytes
    const long = ['w'.repeat(254), 'x'.repeat(255), 'y'.repeat(255), 'z'.repeat(255), 'q'].join('/'); // 1024 bytes
    for (const p of [encodeURIComponent(seg), long]) expect((await call('POST', `${p}${R}`)).status).toBe(200);
    await expectError(await call('POST', `${encodeURIComponent(`${seg}x`)}${R}`), 400);
    await expectError(await call('POST', `${long}q${R}`), 400);
  });

  it('never lets request paths into blob keys', async () => {
    const { call, storage } = setup();
    await call('POST', `dir%2Fsub/..name..txt${R}`);
    await call('PUT', `dir%2Fsub/..name..txt${R}`, { headers: range(0, 0, 1), body: 'x' });
    const keys: string[] = [];
    for await (const k of storage.blobs.list('')) keys.push(k);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^files\/[A-Za-z0-9_-]+$/);
    expect((await (await call('GET', 'dir/sub/..name..txt')).json()).fileFullName).toBe('Storage\\dir\\sub\\..name..txt');
  });

  it('keeps raw dot segments sent over the wire out of the storage routes', async () => {
    const { app } = setup();
    const server = await listen(app);
    try {
      for (const target of ['/api/v1/storage/../../../etc/passwd', '/api/v1/storage/a/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/api/v1/storage/..%2f..%2fetc']) {
        const socket = connect(server.port, '127.0.0.1');
        socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        let text = '';
        for await (const chunk of socket) text += chunk;
        const status = Number(text.slice(9, 12));
        expect([400, 404], `${target}: ${text.slice(0, 60)}`).toContain(status);
        expect(text).not.toMatch(/root:/);
      }
    } finally {
      await server.close();
    }
  });
});
