import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

const DIR = join(__dirname, '..', 'fixtures', 'tls');
const ca = readFileSync(join(DIR, 'ca.pem'));

/** The serve flags of the test certificate (fixtures/tls). */
export const TLS_FLAGS = ['--tls-cert', join(DIR, 'server.pem'), '--tls-key', join(DIR, 'server-key.pem')];

/** One request over HTTPS trusting only the test CA; resolves with its status and body. */
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
