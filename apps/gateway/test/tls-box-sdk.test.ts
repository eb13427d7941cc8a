import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startGateway } from '../src/index';
import { TLS_CONFIG, TLS_DIR } from './tls-fixture';

// The proof for TLS: the legacy box-node-sdk v3 refuses http: outright. Unchanged but for its base
// URLs, it uploads a 25 MB file with its chunked uploader over https://127.0.0.1 (trusting the
// test's own CA through NODE_EXTRA_CA_CERTS) and downloads it byte-identical through Box's 302.
const SIZE = 25 * 1000 * 1000 + 4321;

function runClient(origin: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'legacy-box-sdk', 'client.cjs'), origin, String(SIZE)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.pem') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

it('legacy box-node-sdk v3: chunked upload of 25 MB over HTTPS, download byte-identical', async () => {
  const gw = await startGateway({
    config: { ...TLS_CONFIG, box: { tokens: ['legacy-sdk-token'] } },
  });
  try {
    const run = await runClient(gw.url);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out);
    expect(result.size).toBe(SIZE);
    expect(result.sha1).toBe(result.sent); // what Box reports of the file is what the SDK sent
    expect(result.downloaded).toBe(result.sent);
    expect(result.bytes).toBe(SIZE);
  } finally {
    await gw.close();
  }
}, 120_000);
