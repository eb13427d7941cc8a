import { connect } from 'node:http2';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, type RunningGateway, startGateway } from '../src/index';
import { TLS_CONFIG, TLS_DIR, ca, https2, httpsRequest } from './tls-fixture';

// --tls-cert/--tls-key on Node: HTTPS with HTTP/1.1 and HTTP/2 on one port, checked with the
// test's own CA.
describe('TLS on Node', () => {
  let gw: RunningGateway;
  beforeAll(async () => (gw = await startGateway({ config: TLS_CONFIG })));
  afterAll(() => gw.close());

  it('serves https:// and says so in its URL', () => {
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('takes an EOS upload over HTTP/1.1 and one over HTTP/2, and reads each back over the other', async () => {
    const piece = (start: number, text: string, total: number) => ({
      'content-length': text.length,
      'x-upload-range': `bytes=${start}-${start + text.length - 1}`,
      'x-upload-totalsize': total,
    });
    const a1 = await httpsRequest(`${gw.url}/eos/tls/one.txt`, 'PUT', piece(0, 'hello ', 12), 'hello ');
    expect(a1).toMatchObject({ status: 201 });
    expect((await httpsRequest(`${gw.url}/eos/tls/one.txt`, 'PUT', piece(6, 'world!', 12), 'world!')).status).toBe(201);
    expect((await https2(gw.url, '/eos/tls/one.txt', 'GET', {})).body).toBe('hello world!');

    expect((await https2(gw.url, '/eos/tls/two.txt', 'PUT', piece(0, 'over h2', 7), 'over h2')).status).toBe(201);
    expect((await httpsRequest(`${gw.url}/eos/tls/two.txt`, 'GET', {})).body).toBe('over h2');
  });

  it('takes an 8 MiB body over HTTP/2 whole (the Node entry reads it off the stream itself)', async () => {
    const body = 'abcdefg\n'.repeat(1024 * 1024);
    const head = { 'content-length': body.length, 'x-upload-range': `bytes=0-${body.length - 1}`, 'x-upload-totalsize': body.length };
    expect((await https2(gw.url, '/eos/tls/big.txt', 'PUT', head, body)).status).toBe(201);
    const back = await httpsRequest(`${gw.url}/eos/tls/big.txt`, 'GET', {});
    expect(back.body.length).toBe(body.length);
    expect(back.body === body).toBe(true);
  });

  it('refuses a plain-HTTP client rather than answering it in clear text', async () => {
    await expect(fetch(gw.url.replace('https:', 'http:') + '/_rangeway/health')).rejects.toThrow();
  });
});

describe('graceful shutdown over TLS', () => {
  it.each(['HTTP/1.1', 'HTTP/2'])('an upload in flight over %s completes inside the grace period', async (version) => {
    const own = await startGateway({ config: TLS_CONFIG });
    const total = 1 << 20;
    const half = Buffer.alloc(total / 2, 7);
    const headers = { 'content-length': total, 'x-upload-range': `bytes=0-${total - 1}`, 'x-upload-totalsize': total };
    let status: Promise<number>;
    let finish: () => void;
    if (version === 'HTTP/2') {
      const session = connect(own.url, { ca });
      const stream = session.request({ ':method': 'PUT', ':path': '/eos/tls/drain.bin', ...headers });
      status = new Promise((r) => stream.on('response', (h) => r(Number(h[':status']))));
      stream.on('data', () => undefined);
      stream.write(half);
      finish = () => stream.end(half);
      void status.then(() => session.close());
    } else {
      const req = request(`${own.url}/eos/tls/drain.bin`, { method: 'PUT', headers, ca, agent: false });
      status = new Promise((r) => req.on('response', (res) => (res.resume(), r(res.statusCode!))));
      req.write(half);
      finish = () => req.end(half);
    }
    await new Promise((r) => setTimeout(r, 200));
    const closing = own.close(5000);
    await new Promise((r) => setTimeout(r, 200));
    finish();
    expect(await status).toBe(201);
    await closing;
  });
});

describe('TLS configuration', () => {
  it('wants both files, and says which one it cannot use', async () => {
    await expect(startGateway({ config: { tlsCert: TLS_CONFIG.tlsCert } })).rejects.toThrow(new ConfigError('--tls-cert and --tls-key go together: give both, or neither'));
    await expect(startGateway({ config: { ...TLS_CONFIG, tlsKey: join(TLS_DIR, 'missing.pem') } })).rejects.toThrow(/^--tls-key: cannot read .*missing\.pem/);
    await expect(startGateway({ config: { ...TLS_CONFIG, tlsKey: TLS_CONFIG.tlsCert } })).rejects.toThrow(/--tls-key: .* holds no PEM private key/);
  });
});
