// This file is the README's "test your own client" example, verbatim between the markers;
// readme.test.ts fails if the two drift apart.
// --- example start ---
import { type RunningGateway, startGateway } from '@rangeway/gateway';
import { afterAll, beforeAll, expect, it } from 'vitest';

// The client under test: a small ClickHelp resumable uploader that asks the server where to
// resume whenever a chunk fails.
async function upload(base: string, path: string, data: Uint8Array<ArrayBuffer>, chunk = 4) {
  const url = `${base}/api/v1/storage/${path}?format=resumable`;
  await fetch(`${url}&isOverwrite=true`, { method: 'POST' });
  for (let offset = 0; ; ) {
    const end = Math.min(offset + chunk, data.length);
    const res = await fetch(url, {
      method: 'PUT',
      body: data.subarray(offset, end),
      headers: { 'content-range': `bytes ${offset}-${end - 1}/${data.length}` },
    });
    if (res.status === 201) return res.json();
    if (res.status === 202) {
      offset = end;
      continue;
    }
    const status = await fetch(url, { method: 'PUT', headers: { 'content-range': `bytes */${data.length}` } });
    const range = status.headers.get('range'); // "bytes=0-<last byte held>", absent if none
    offset = range ? Number(range.split('-')[1]) + 1 : 0;
  }
}

let gw: RunningGateway;
beforeAll(async () => (gw = await startGateway()));
afterAll(() => gw.close());

it('resumes after the server fails a chunk', async () => {
  // fail the second chunk once with a 503
  await fetch(`${gw.url}/_rangeway/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      dialect: 'clickhelp',
      method: 'PUT',
      headers: { 'content-range': 'bytes 4-7/' },
      action: 'status',
      status: 503,
      times: 1,
    }),
  });

  const file = await upload(gw.url, 'docs/hello.txt', new TextEncoder().encode('hello, rangeway!'));
  expect(file).toMatchObject({ fileName: 'hello.txt', size: 16 });

  // what did the client actually send?
  const log = await (await fetch(`${gw.url}/_rangeway/requests?dialect=clickhelp&method=PUT`)).json();
  expect(log.requests.map((r: { status: number; requestHeaders: Record<string, string> }) =>
    `${r.requestHeaders['content-range']} → ${r.status}`)).toEqual([
    'bytes 0-3/16 → 202',
    'bytes 4-7/16 → 503',
    'bytes */16 → 202', // the client asked where to resume
    'bytes 4-7/16 → 202',
    'bytes 8-11/16 → 202',
    'bytes 12-15/16 → 201',
  ]);
});
// --- example end ---
