import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';

// A client that stops sending mid-chunk must not hold the upload: after --body-idle-timeout-ms
// the request is given up, and the client's resume is answered from what was acknowledged.
let gw: RunningGateway;
beforeAll(async () => (gw = await startGateway({ config: { bodyIdleTimeoutMs: 300 } })));
afterAll(() => gw.close());

it('ClickHelp: a stalled chunk is given up and the upload resumes at the acknowledged offset', async () => {
  const url = `${gw.url}/api/v1/storage/docs/stall.bin?format=resumable`;
  expect((await fetch(`${url}&isOverwrite=true`, { method: 'POST' })).status).toBeLessThan(300);
  const put = (from: number, body: Uint8Array<ArrayBuffer>) =>
    fetch(url, { method: 'PUT', body, headers: { 'content-range': `bytes ${from}-${from + body.length - 1}/8` } });
  expect((await put(0, new Uint8Array(4).fill(1))).status).toBe(202);

  // the second chunk: headers and 2 of its 4 bytes, then silence (the socket stays open)
  const { port, hostname } = new URL(gw.url);
  const socket = connect(Number(port), hostname);
  await new Promise((r) => socket.once('connect', r));
  socket.write(
    `PUT /api/v1/storage/docs/stall.bin?format=resumable HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
      'Content-Range: bytes 4-7/8\r\nContent-Length: 4\r\n\r\n\u0002\u0002',
  );
  try {
    await new Promise((r) => setTimeout(r, 100));
    const busy = await put(4, new Uint8Array(4).fill(3));
    expect(busy.status).toBe(409); // the stalled request still holds the path

    // the client keeps retrying its chunk, as a resuming client does
    const started = Date.now();
    let retry = busy;
    while (retry.status === 409 && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      retry = await put(4, new Uint8Array(4).fill(3));
    }
    expect(retry.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    const { content } = await (await fetch(`${gw.url}/api/v1/storage/docs/stall.bin?format=base64`)).json();
    expect([...Buffer.from(content, 'base64')]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]); // nothing of the stalled chunk
  } finally {
    socket.destroy();
  }
});
