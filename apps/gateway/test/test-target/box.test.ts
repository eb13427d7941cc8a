import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../src/index';

// The test-target features through the Box dialect, with Box's own SDK as the client.
let gw: RunningGateway;
beforeAll(async () => (gw = await startGateway({ config: { seed: 'box' } })));
afterAll(() => gw.close());

const admin = async (path: string, init?: RequestInit) => (await fetch(`${gw.url}/_rangeway${path}`, init)).json();

it('the SDK retries a part whose connection was cut mid-body, and the upload completes', async () => {
  const size = 20 * 1024 * 1024 + 999;
  const data = randomBytes(size);
  // cut the second part after 1 MiB, once
  await admin('/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dialect: 'box', method: 'PUT', headers: { 'content-range': 'bytes 8388608-' }, action: 'cut', afterBytes: 1 << 20, times: 1 }),
  });
  const client = new BoxClient({ auth: new BoxDeveloperTokenAuth({ token: 't' }) }).withCustomBaseUrls({
    baseUrl: gw.url,
    uploadUrl: `${gw.url}/api`,
    oauth2Url: `${gw.url}/oauth2`,
  });
  const file = await client.chunkedUploads.uploadBigFile(Readable.from(data), 'cut.bin', size, '0');
  expect(file.sha1).toBe(createHash('sha1').update(data).digest('hex'));

  const puts = (await admin('/requests?dialect=box&method=PUT')).requests.map((r: { requestHeaders: Record<string, string> }) => r.requestHeaders['content-range']);
  expect(puts).toEqual([
    `bytes 0-8388607/${size}`,
    `bytes 8388608-16777215/${size}`, // cut
    `bytes 8388608-16777215/${size}`, // the SDK's retry
    `bytes 16777216-${size - 1}/${size}`,
  ]);
  expect((await admin('/faults')).faults[0].hits).toBe(1);
  const [session] = (await admin('/sessions?dialect=box')).sessions;
  expect(session).toMatchObject({ state: 'committed', receivedBytes: size, parts: 3 });
});
