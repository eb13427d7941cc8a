import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../src/index';

// The test-target features through the DeOSS dialect: an injected failure on the last chunk,
// the request log, inspection, and the manual clock, with signature checks switched off.
let gw: RunningGateway;
beforeAll(async () => (gw = await startGateway({ config: { seed: 'deoss', clockStart: '2030-01-01T00:00:00Z', deoss: { auth: 'off' } } })));
afterAll(() => gw.close());

const admin = async (path: string, init?: RequestInit) => (await fetch(`${gw.url}/_rangeway${path}`, init)).json();
const FILE = new TextEncoder().encode('hello world');
const chunk = (first: number, last: number) =>
  fetch(`${gw.url}/resume/hello.txt`, {
    method: 'PUT',
    body: FILE.slice(first, last + 1),
    headers: {
      'content-range': `bytes ${first}-${last}/11`,
      account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt',
      message: '4102444800',
      signature: '0x00',
      territory: 'default',
    },
  });

it('a DeOSS client resends the last chunk after an injected failure', async () => {
  await admin('/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dialect: 'deoss', path: '/resume/', headers: { 'content-range': 'bytes 8-' }, action: 'status', status: 502, times: 1 }),
  });
  expect((await chunk(0, 3)).status).toBe(308);
  expect((await chunk(4, 7)).status).toBe(308);
  const [session] = (await admin('/sessions?dialect=deoss')).sessions;
  expect(session).toMatchObject({ state: 'open', total: 11, received: [{ start: 0, end: 8 }], createdAt: '2030-01-01T00:00:00.000Z' });
  expect((await chunk(8, 10)).status).toBe(502);
  const done = await chunk(8, 10);
  expect(await done.json()).toEqual({ code: 200, msg: 'ok', data: { fid: '56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9' } });
  const log = (await admin('/requests?dialect=deoss')).requests.map((r: { status: number; requestHeaders: Record<string, string> }) => `${r.requestHeaders['content-range']} ${r.status}`);
  expect(log).toEqual(['bytes 0-3/11 308', 'bytes 4-7/11 308', 'bytes 8-10/11 502', 'bytes 8-10/11 200']);
  const back = await fetch(`${gw.url}/file/download/56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9`);
  expect(await back.text()).toBe('hello world');
});
