import { describe, expect, it } from 'vitest';
import { clickhelpDialect } from '../src/index';
import { data, expectError, range, setup } from './helpers';

const R = '?format=resumable';
const basic = (login: string, key: string) => ({ authorization: `Basic ${Buffer.from(`${login}:${key}`).toString('base64')}` });
const CHALLENGE = { 'www-authenticate': 'Basic realm="ClickHelp"' };

describe('basic auth (login + API key)', () => {
  const users = ['alice:key-a', 'reader:key-r:ro', 'ключ:pa:ss'];

  it.each([
    ['no header', {}],
    ['a wrong key', basic('alice', 'key-b')],
    ['an unknown login', basic('mallory', 'key-a')],
    ['the key of another user', basic('alice', 'key-r')],
    ['a malformed header', { authorization: 'Basic not*base64' }],
    ['another scheme', { authorization: 'Bearer key-a' }],
    ['no colon', { authorization: `Basic ${Buffer.from('alice').toString('base64')}` }],
  ])('answers %s with 401 and a Basic challenge', async (_, headers) => {
    const { call } = setup({ users });
    for (const [method, path] of [['POST', `a.bin${R}`], ['GET', 'a.bin'], ['PUT', `a.bin${R}`], ['DELETE', `a.bin${R}`]] as const)
      await expectError(await call(method, path, { headers }), 401, CHALLENGE);
  });

  it('lets a configured user upload and names them in modifiedBy; a key may hold colons, a login unicode', async () => {
    const { call } = setup({ users });
    for (const [login, key] of [['alice', 'key-a'], ['ключ', 'pa:ss']] as const) {
      const auth = basic(login, key);
      expect((await call('POST', `${key}.bin${R}`, { headers: auth })).status).toBe(200);
      const done = await call('PUT', `${key}.bin${R}`, { headers: { ...auth, ...range(0, 1, 2) }, body: 'ok' });
      expect((await done.json()).modifiedBy).toBe(login);
    }
  });

  it('gives a read-only user 403 on every change, but lets them read', async () => {
    const { call } = setup({ users });
    const alice = basic('alice', 'key-a');
    await call('POST', `f.bin${R}`, { headers: alice });
    await call('PUT', `f.bin${R}`, { headers: { ...alice, ...range(0, 0, 2) }, body: 'a' });
    const ro = basic('reader', 'key-r');
    await expectError(await call('POST', `g.bin${R}`, { headers: ro }), 403);
    await expectError(await call('PUT', `f.bin${R}`, { headers: { ...ro, ...range(1, 1, 2) }, body: 'b' }), 403);
    await expectError(await call('DELETE', `f.bin${R}`, { headers: ro }), 403);
    const head = await call('HEAD', `f.bin${R}`, { headers: ro });
    expect([head.status, head.headers.get('range')]).toEqual([202, 'bytes=0-0']);
    expect((await call('GET', '', { headers: ro })).status).toBe(200);
  });

  it('is off without users: anyone may call; modifiedBy is the login sent, or admin', async () => {
    const { call } = setup();
    const f = data(2);
    await call('POST', `x.bin${R}`);
    const named = await call('PUT', `x.bin${R}`, { headers: { ...basic('bob', 'anything'), ...range(0, 1, 2) }, body: f });
    expect((await named.json()).modifiedBy).toBe('bob');
    await call('POST', `y.bin${R}`);
    const anon = await call('PUT', `y.bin${R}`, { headers: range(0, 1, 2), body: f });
    expect((await anon.json()).modifiedBy).toBe('admin');
  });

  it('refuses malformed user entries at construction', () => {
    const { uploads } = setup();
    for (const bad of ['nokey', ':key', 'login:', 'login::ro'])
      expect(() => clickhelpDialect({ uploads, users: [bad] }), bad).toThrow(TypeError);
  });
});
