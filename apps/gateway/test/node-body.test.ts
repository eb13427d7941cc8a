import { request as httpRequest } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IncomingChunks, nodeBody } from '../src/node-body';
import { startGateway } from '../src/node-server';

describe('the Node entry hands bodies over without copying', () => {
  it('gives the incoming chunks themselves, once, and no body for GET', async () => {
    const chunks = [Buffer.from('abc'), Buffer.from('defg')];
    const put = nodeBody(new Request('http://x/', { method: 'PUT', body: 'ignored' }), Readable.from(chunks));
    const source = put.source()!;
    expect(put.source()).toBe(source);
    const seen: Uint8Array[] = [];
    for await (const c of source) seen.push(c);
    expect(seen).toEqual(chunks);
    expect(seen[0]).toBe(chunks[0]); // the same buffer: not a copy
    expect(nodeBody(new Request('http://x/'), Readable.from([])).source()).toBeNull();
  });

  it('holds the sender back: the message is paused while more than 256 KiB wait to be read', async () => {
    const message = new PassThrough();
    const body = new IncomingChunks(message);
    const first = body.next();
    for (let i = 0; i < 8; i++) message.write(Buffer.alloc(64 * 1024, i));
    expect((await first).value[0]).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(message.isPaused()).toBe(true);
    for (let i = 1; i < 6; i++) expect((await body.next()).value[0]).toBe(i);
    expect(message.isPaused()).toBe(false); // resumed once below half of it
    message.end();
    const rest: number[] = [];
    for await (const c of body) rest.push(c[0]!);
    expect(rest).toEqual([6, 7]);
  });

  it('leaves what a reader did not take to the next one; return() stops the message', async () => {
    const message = new PassThrough();
    for (const s of ['a', 'b', 'c']) message.write(s);
    const body = new IncomingChunks(message);
    expect(Buffer.from((await body.next()).value).toString()).toBe('a'); // a reader that stops here, without return()
    expect(Buffer.from((await body.next()).value).toString()).toBe('b');
    expect(message.destroyed).toBe(false);
    await body.return();
    expect(message.destroyed).toBe(true);
    await expect(body.next()).rejects.toThrow(/abandoned/);
  });

  it('fails a read when the message breaks off, also before it was first read, instead of waiting', async () => {
    const broken = new PassThrough();
    const body = new IncomingChunks(broken);
    const read = body.next();
    broken.write(Buffer.from('x'));
    expect((await read).done).toBe(false);
    broken.destroy();
    await expect(body.next()).rejects.toThrow(/broke off/);

    const gone = new PassThrough().on('error', () => undefined); // an IncomingMessage emits 'error' only to listeners
    gone.destroy(new Error('ECONNRESET'));
    await new Promise((r) => setImmediate(r));
    await expect(new IncomingChunks(gone).next()).rejects.toThrow(/ECONNRESET/);

    const read2 = Readable.from([Buffer.from('z')]);
    for await (const _ of read2); // consumed and ended before the engine got to it
    expect(await new IncomingChunks(read2).next()).toEqual({ done: true, value: undefined });
  });

  it('keeps a connection usable after an answer given before the body was read', async () => {
    const gw = await startGateway({ config: { deoss: { auth: 'off' } } });
    try {
      const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
      const put = (range: string, body: Buffer) =>
        new Promise<{ status: number; text: string; socket: unknown }>((resolve, reject) => {
          const req = httpRequest(`${gw.url}/resume/keep.bin`, {
            method: 'PUT',
            agent,
            headers: { 'content-range': range, account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt', message: '1', signature: 'x', 'content-length': body.length },
          });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode!, text, socket: req.socket }));
          });
          req.on('error', reject);
          req.end(body);
        });
      // a gap: refused before any byte is stored, the 100 KiB body is drained, not left in the socket
      const refused = await put('bytes 10-102409/200000', Buffer.alloc(102_400, 1));
      expect(refused.text).toContain('Illegal Content-Range');
      const ok = await put('bytes 0-99999/200000', Buffer.alloc(100_000, 2));
      expect(ok.status).toBe(308);
      expect(ok.socket).toBe(refused.socket);
      agent.destroy();
    } finally {
      await gw.close();
    }
  });
});
