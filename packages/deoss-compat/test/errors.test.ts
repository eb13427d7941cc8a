import { describe, expect, it } from 'vitest';
import { SIGNED, VECTOR, data, expectEnvelope, range, setup, until } from './helpers';

const ILLEGAL = 'Illegal Content-Range content';

describe('golden error envelopes (HTTP 200, {"code","msg","data":null})', () => {
  it('bad signature and access list: 403 no permission', async () => {
    await expectEnvelope(await setup().put('a.bin', { ...SIGNED, signature: VECTOR.wrapped.replace('2', '3'), ...range(0, 0, 2) }, 'a'), 403, 'no permission');
    await expectEnvelope(await setup({ accessAccounts: [VECTOR.account] }).put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a'), 403, 'no permission');
    // the list compares public keys: the same key in the other SS58 format is the same account
    const blocked42 = setup({ accessAccounts: [VECTOR.account42] });
    await expectEnvelope(await blocked42.put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a'), 403, 'no permission');
    await expectEnvelope(await blocked42.put('a.bin', { ...SIGNED, account: VECTOR.account42, ...range(0, 0, 2) }, 'a'), 403, 'no permission');
    const priv = setup({ accessMode: 'private', accessAccounts: [VECTOR.account42] });
    expect((await priv.put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a')).status).toBe(308);
    const privOther = setup({ accessMode: 'private', accessAccounts: ['cXgateway'] });
    await expectEnvelope(await privOther.put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a'), 403, 'no permission');
  });

  it('Content-Range missing or empty', async () => {
    const env = setup();
    await expectEnvelope(await env.put('a.bin', SIGNED, 'a'), 400, 'Content-Range is missing from the request header');
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, 'content-range': '' }, 'a'), 400, 'Content-Range is missing from the request header');
  });

  const illegal = [
    'Bytes 0-0/2',
    'bytes=0-0/2',
    'bytes  0-0/2',
    'bytes 0-0/*',
    'bytes 0-0',
    'bytes 0-0/2/3',
    'bytes -1-0/2',
    'bytes +0-0/2',
    'bytes 0-+0/2',
    'bytes 0-0/+2',
    'bytes 1-0/2',
    'bytes 0-2/2',
    'bytes 0-0/0',
    'bytes a-0/2',
    'bytes 0-0/99999999999999999',
  ];
  for (const value of illegal)
    it(`Content-Range "${value}" is illegal`, async () => {
      await expectEnvelope(await setup().put('a.bin', { ...SIGNED, 'content-range': value }, 'a'), 400, ILLEGAL);
    });

  it('accepts the lenient forms the real parser takes: a "bytesX" unit and leading zeros', async () => {
    expect((await setup().put('a.bin', { ...SIGNED, 'content-range': 'bytesX 00-0/002' }, 'a')).status).toBe(308);
  });

  it('file names on the first chunk: empty-ish, too short, too long (bytes, after one more unescape)', async () => {
    const env = setup();
    await expectEnvelope(await env.put('ab', { ...SIGNED, ...range(0, 0, 2) }, 'a'), 400, 'The file name must be at least 3 characters long');
    await expectEnvelope(await env.put('x'.repeat(64), { ...SIGNED, ...range(0, 0, 2) }, 'a'), 400, 'The file name length cannot exceed 63 characters');
    // 22 × "é" is 44 bytes: fine; 32 × "é" is 64 bytes: too long although 32 characters
    expect((await env.put(encodeURIComponent('é'.repeat(22)), { ...SIGNED, ...range(0, 0, 2) }, 'a')).status).toBe(308);
    await expectEnvelope(await env.put(encodeURIComponent('é'.repeat(32)), { ...SIGNED, ...range(0, 0, 2) }, 'a'), 400, 'The file name length cannot exceed 63 characters');
    // "%2541%2541" decodes to "%41%41" (6 bytes) and, unescaped once more, to "AA": too short
    await expectEnvelope(await env.put('%2541%2541', { ...SIGNED, ...range(0, 0, 2) }, 'a'), 400, 'The file name must be at least 3 characters long');
    // names are checked on the first chunk only
    await expectEnvelope(await env.put('ab', { ...SIGNED, ...range(1, 1, 2) }, 'b'), 400, ILLEGAL);
  });

  it('authorization on the first chunk', async () => {
    const named = setup({ authorizedAccounts: ['cXsomeoneelse'], gatewayAccount: 'cXgateway<&>' });
    const text = await (await named.put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a')).text();
    // Go's encoding/json escapes <, > and &
    expect(text).toBe('{"code":403,"msg":"Please authorize this gateway account: cXgateway\\u003c\\u0026\\u003e","data":null}');
    await expectEnvelope(await setup({ authorizedAccounts: ['cXsomeoneelse'] }).put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a'), 403, 'space is not authorized');
    const allowed = setup({ authorizedAccounts: [VECTOR.account] });
    expect((await allowed.put('a.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a')).status).toBe(308);
  });

  it('a gap, and resent bytes that differ from the stored ones', async () => {
    const env = setup();
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(1, 1, 3) }, 'b'), 400, ILLEGAL);
    expect((await env.put('a.bin', { ...SIGNED, ...range(0, 1, 3) }, 'ab')).status).toBe(308);
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(1, 1, 3) }, 'X'), 400, ILLEGAL);
    // the identical resend is accepted, and so is an overlap carrying a new tail
    expect((await env.put('a.bin', { ...SIGNED, ...range(0, 1, 3) }, 'ab')).status).toBe(308);
    const last = await env.put('a.bin', { ...SIGNED, territory: 't', ...range(1, 2, 3) }, 'bc');
    expect((await last.json()).code).toBe(200);
  });

  it('body longer or shorter than the range; the bytes are not kept', async () => {
    const env = setup();
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(0, 3, 8) }, 'abcde'), 400, 'received more file content');
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(0, 3, 8) }, 'abc'), 400, 'received less file content');
    // nothing was recorded: the next chunk at 4 is a gap, a clean first chunk works
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(4, 7, 8) }, 'efgh'), 400, ILLEGAL);
    expect((await env.put('a.bin', { ...SIGNED, ...range(0, 3, 8) }, 'abcd')).status).toBe(308);
  });

  it('territories: unknown, expired, too small; the bytes stay for a resend', async () => {
    const env = setup({ territories: ['small:100663296', 'old:1099511627776:2025-12-31T00:00:00Z', 'big:1099511627776'] });
    const upload = async (name: string, territory: string) => {
      await env.put(name, { ...SIGNED, ...range(0, 1, 3) }, name.slice(0, 2));
      return env.put(name, { ...SIGNED, territory, ...range(2, 2, 3) }, name.slice(2, 3));
    };
    await expectEnvelope(await upload('one', 'nope'), 400, 'please purchase territory first');
    await expectEnvelope(await upload('one', 'old'), 400, 'territory will expire soon');
    expect((await (await upload('one', 'small')).json()).code).toBe(200);
    // the first file took the territory's whole 96 MiB
    await expectEnvelope(await upload('two', 'small'), 400, 'insufficient territory space');
    expect((await (await upload('two', 'big')).json()).code).toBe(200);
  });

  it('a Cipher longer than 32 bytes is refused before any byte is stored, with cess-go-sdk\'s message', async () => {
    const env = setup();
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, cipher: 's'.repeat(33), ...range(0, 0, 2) }, 'a'), 400, 'key length cannot exceed 32');
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(1, 1, 2) }, 'b'), 400, ILLEGAL);
  });

  it('a second request for the same upload while one is in flight: 403 server busy', async () => {
    const env = setup();
    let push!: (b: Uint8Array | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (b) => (b ? controller.enqueue(b) : controller.close());
      },
    });
    const first = env.put('a.bin', { ...SIGNED, ...range(0, 3, 8) }, body);
    push(data(2));
    const key = `deoss/key/${JSON.stringify([VECTOR.account, 'a.bin', '8'])}`;
    await until(async () => (await env.uploads.leases.held(key)).length > 0, 'the first request to hold the upload');
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(0, 3, 8) }, 'abcd'), 403, 'server busy');
    push(data(2, 2));
    push(null);
    expect((await first).status).toBe(308);
  });

  it('unknown fids on the read endpoints: code 404 Not found; metadata: code 403, not on the chain yet', async () => {
    const env = setup();
    await expectEnvelope(
      await env.app.request(`http://localhost/file/metadata/${'0'.repeat(64)}`),
      403,
      'The file has not been uploaded to the chain yet, please go to the gateway where the file was uploaded to query.',
    );
    for (const path of ['download', 'open']) {
      await expectEnvelope(await env.app.request(`http://localhost/file/${path}/${'0'.repeat(64)}`), 404, 'Not found');
      await expectEnvelope(await env.app.request(`http://localhost/file/${path}/..%2F..%2Fetc`), 404, 'Not found');
    }
  });
});

describe('router defaults (gin)', () => {
  it('unknown routes and methods under the DeOSS paths: 404 text "404 page not found"', async () => {
    const env = setup();
    for (const [method, path] of [
      ['GET', '/resume/a.bin'],
      ['POST', '/resume/a.bin'],
      ['PUT', '/resume'],
      ['PUT', '/resume/a%2Fb.bin'],
      ['GET', '/file/unknown/x'],
      ['PUT', '/version'],
    ] as const) {
      const res = await env.app.request(`http://localhost${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(await res.text()).toBe('404 page not found');
    }
  });

  it('a trailing slash redirects: 307 for PUT /resume, 301 for GET /file', async () => {
    const env = setup();
    const put = await env.app.request('http://localhost/resume/a.bin/', { method: 'PUT' });
    expect(put.status).toBe(307);
    expect(put.headers.get('location')).toBe('/resume/a.bin');
    const get = await env.app.request(`http://localhost/file/metadata/${'0'.repeat(64)}/`);
    expect(get.status).toBe(301);
  });

  it('GET /version is a bare JSON string', async () => {
    const res = await setup().app.request('http://localhost/version');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('"deoss v0.4.2 rangeway"');
  });

  it('answers CORS as gin-contrib/cors is configured there: *, PUT,GET,DELETE,OPTION, any header, nothing exposed', async () => {
    const env = setup();
    const pre = await env.app.request('http://localhost/resume/a.bin', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'account, message, signature, content-range' },
    });
    expect(pre.status).toBe(204);
    expect(Object.fromEntries([...pre.headers].filter(([k]) => k.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PUT,GET,DELETE,OPTION',
      'access-control-allow-headers': '*',
    });
    const res = await env.put('a.bin', { ...SIGNED, origin: 'https://app.example', ...range(0, 0, 2) }, 'a');
    expect(res.status).toBe(308);
    expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary'))).toEqual({ 'access-control-allow-origin': '*' });
    const plain = await env.put('b.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull(); // no Origin, no CORS
  });
});
