import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { request } from 'node:https';
import { join } from 'node:path';

// The test-only CA and server certificate (fixtures/tls/README.md says how they were made).
export const TLS_DIR = join(__dirname, 'fixtures', 'tls');
export const ca = readFileSync(join(TLS_DIR, 'ca.pem'));

/** The config of a gateway that serves HTTPS with the test certificate. */
export const TLS_CONFIG = { tlsCert: join(TLS_DIR, 'server.pem'), tlsKey: join(TLS_DIR, 'server-key.pem') };

/** The same as `serve` flags. */
export const TLS_FLAGS = ['--tls-cert', TLS_CONFIG.tlsCert, '--tls-key', TLS_CONFIG.tlsKey];

/** One HTTP/1.1 request over TLS trusting only the test CA; resolves with its status and body. */
export function httpsRequest(url: string, method = 'GET', headers: Record<string, string | number> = {}, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers, ca, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** One HTTP/2 request over TLS. */
export function https2(origin: string, path: string, method: string, headers: Record<string, string | number>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const session = connect(origin, { ca });
    session.once('error', reject);
    const stream = session.request({ ':method': method, ':path': path, ...headers });
    let status = 0;
    let text = '';
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.setEncoding('utf8').on('data', (d: string) => (text += d));
    stream.on('end', () => {
      session.close();
      resolve({ status, body: text });
    });
    stream.once('error', reject);
    stream.end(body);
  });
}
