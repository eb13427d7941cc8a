import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';

// Clients that go away mid-request, and requests that race: never a 5xx, never a stack trace.
let gw: RunningGateway;
const errors: unknown[][] = [];
beforeAll(async () => {
  gw = await startGateway({ config: { deoss: { auth: 'off' }, box: { minFileSize: 1, partSize: 1024 } } });
  vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
});
afterAll(() => gw.close());
afterEach(() => {
  expect(errors.map((e) => String(e[0]))).toEqual([]);
  errors.length = 0;
});

const log = async () => (await (await fetch(`${gw.url}/_rangeway/requests`)).json()).requests as { path: string; status: number }[];

/** Sends the head and `sent` of `length` body bytes, then drops the connection. */
async function abortMidBody(method: string, path: string, headers: Record<string, string>, length: number, sent: number) {
  const { port, hostname } = new URL(gw.url);
  const socket = connect(Number(port), hostname);
  await new Promise((r) => socket.once('connect', r));
  const head = Object.entries({ ...headers, host: `${hostname}:${port}`, 'content-length': String(length) }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n`);
  socket.write(Buffer.alloc(sent, 7));
  await new Promise((r) => setTimeout(r, 50));
  socket.destroy();
  await new Promise((r) => setTimeout(r, 200));
}

it.each([
  ['ClickHelp resumable chunk', 'PUT', '/api/v1/storage/docs/abort.bin?format=resumable', { 'content-range': 'bytes 0-9999/10000' }],
  ['ClickHelp base64 upload', 'POST', '/api/v1/storage/docs/abort64.txt?format=base64', { 'content-type': 'application/json' }],
  ['ClickHelp multipart upload', 'POST', '/api/v1/storage/docs/abortmp.txt?format=multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
  ['EOS piece', 'PUT', '/eos/abort/a.bin', { 'x-upload-range': 'bytes=0-9999', 'x-upload-totalsize': '10000' }],
  ['DeOSS chunk', 'PUT', '/resume/abort.bin', { 'content-range': 'bytes 0-9999/10000', account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt', territory: 't' }],
])('%s cut mid-body is no 5xx', async (_, method, path, headers) => {
  if (path.includes('format=resumable')) await fetch(gw.url + path, { method: 'POST' });
  await abortMidBody(method, path, headers, 10000, 3000);
  const entry = (await log()).filter((e) => path.startsWith(e.path)).at(-1);
  expect(entry?.status).toBeLessThan(500);
});

it('EOS: a final piece racing a DELETE of the same file is no 5xx', async () => {
  for (let round = 0; round < 30; round++) {
    const url = `${gw.url}/eos/race/r${round % 3}.bin`;
    const body = new Uint8Array(20).fill(round);
    const [put, del] = await Promise.all([
      fetch(url, { method: 'PUT', body, headers: { 'x-upload-range': 'bytes=0-19', 'x-upload-totalsize': '20' } }),
      fetch(url, { method: 'DELETE' }),
    ]);
    expect([put.status, del.status].filter((s) => s >= 500)).toEqual([]);
  }
});
