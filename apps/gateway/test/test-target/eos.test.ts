import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../src/index';

// The test-target features through the EOS dialect: a cut connection, the request log,
// inspection of a half-written file, the manual clock, and reset.
let gw: RunningGateway;
beforeAll(async () => (gw = await startGateway({ config: { seed: 'eos', clockStart: '2030-01-01T00:00:00Z' } })));
afterAll(() => gw.close());

const FILE = Uint8Array.from({ length: 2285 }, (_, i) => i % 251);
const admin = async (path: string, init?: RequestInit) => (await fetch(`${gw.url}/_rangeway${path}`, init)).json();
const piece = (first: number, last: number, extra: Record<string, string> = {}) =>
  fetch(`${gw.url}/eos/t/file.bin`, {
    method: 'PUT',
    body: FILE.slice(first, last + 1),
    headers: { 'x-upload-range': `bytes=${first}-${last}`, 'x-upload-totalsize': '2285', 'x-upload-checksum': 'adler32:121f5089', ...extra },
  });

it('an EOS client survives a cut piece, and the gateway shows what happened', async () => {
  await admin('/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dialect: 'eos', method: 'PUT', headers: { 'x-upload-range': 'bytes=1024-' }, action: 'cut', afterBytes: 100, times: 1 }),
  });
  expect((await piece(0, 1023)).status).toBe(201);
  await expect(piece(1024, 2047)).rejects.toThrow(); // the connection drops mid-body

  const [session] = (await admin('/sessions?dialect=eos')).sessions;
  expect(session).toMatchObject({ target: '/eos/t/file.bin', state: 'open', received: [{ start: 0, end: 1024 }], createdAt: '2030-01-01T00:00:00.000Z' });

  expect((await piece(1024, 2047)).status).toBe(201); // the client re-sends the piece
  expect((await piece(2048, 2284)).status).toBe(201);
  const log = (await admin('/requests?dialect=eos')).requests;
  expect(log.map((r: { requestHeaders: Record<string, string>; status: number }) => `${r.requestHeaders['x-upload-range']} ${r.status}`)).toEqual([
    'bytes=0-1023 201',
    'bytes=1024-2047 416', // the dialect saw a short body; the cut connection never delivered this
    'bytes=1024-2047 201',
    'bytes=2048-2284 201',
  ]);
  const [file] = (await admin('/files?dialect=eos')).files;
  expect(file).toMatchObject({ name: '/eos/t/file.bin', size: 2285, digests: { adler32: '121f5089' } });

  const back = new Uint8Array(await (await fetch(`${gw.url}/eos/t/file.bin`)).arrayBuffer());
  expect(Buffer.compare(back, FILE)).toBe(0);
  await fetch(`${gw.url}/_rangeway/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  expect((await fetch(`${gw.url}/eos/t/file.bin`)).status).toBe(404);
});
