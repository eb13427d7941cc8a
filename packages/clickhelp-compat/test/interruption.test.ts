import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, data, listen, range, setup, until } from './helpers';

describe('an interruption mid-chunk', () => {
  const env = setup();
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(env.app);
  });
  afterAll(() => server.close());

  const total = 3 * MiB;
  const file = data(total, 3);
  const url = () => `${server.url}/api/v1/storage/docs/big.bin?format=resumable`;
  const put = (first: number, last: number) =>
    fetch(url(), { method: 'PUT', headers: range(first, last, total), body: file.slice(first, last + 1) });

  it('drops the partial chunk, reports the last whole chunk, resumes and stores identical bytes', async () => {
    expect((await fetch(url(), { method: 'POST' })).status).toBe(200);
    expect((await put(0, MiB - 1)).status).toBe(202);

    // the second chunk: headers and half its body over a raw socket, then the client vanishes
    const session = (await env.uploads.getByKey('clickhelp', 'docs/big.bin'))!;
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `PUT /api/v1/storage/docs/big.bin?format=resumable HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Range: bytes ${MiB}-${2 * MiB - 1}/${total}\r\nContent-Length: ${MiB}\r\n\r\n`,
    );
    socket.write(file.subarray(MiB, MiB + MiB / 2));
    // the server really is writing the partial chunk before the connection breaks
    await until(async () => ((await env.storage.blobs.size(session.blobKey)) ?? 0) > MiB, 'partial bytes to arrive');
    socket.destroy();
    const idle = async (key: string) => (await env.uploads.leases.held(key)).length === 0;
    await until(async () => (await idle(session.id)) && idle('clickhelp/path/docs/big.bin'), 'the broken write to end');

    // offset query: only the first whole chunk counts
    const status = await fetch(url(), { method: 'PUT', headers: { 'content-range': `bytes */${total}` } });
    expect(status.status).toBe(202);
    expect(status.headers.get('range')).toBe(`bytes=0-${MiB - 1}`);
    expect((await env.uploads.get(session.id)).received).toBe(`0-${MiB - 1}`);

    // resume exactly where the Range says
    const resumed = await put(MiB, 2 * MiB - 1);
    expect(resumed.status).toBe(202);
    expect(resumed.headers.get('range')).toBe(`bytes=0-${2 * MiB - 1}`);
    const last = await put(2 * MiB, total - 1);
    expect(last.status).toBe(201);
    expect((await last.json()).size).toBe(total);
    expect(Buffer.from(await env.stored('docs/big.bin')).equals(Buffer.from(file))).toBe(true);
  });
});
