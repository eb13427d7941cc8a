import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { nodeBody } from '../src/node-body';
import { startGateway } from '../src/node-server';

describe('the Node entry hands bodies over without copying', () => {
  it('streams the incoming chunks themselves, once, and no body for GET', async () => {
    const chunks = [Buffer.from('abc'), Buffer.from('defg')];
    const put = nodeBody(new Request('http://x/', { method: 'PUT', body: 'ignored' }), Readable.from(chunks));
    const stream = put.stream()!;
    expect(put.stream()).toBe(stream);
    const seen: Uint8Array[] = [];
    for await (const c of stream) seen.push(c);
    expect(seen).toEqual(chunks);
    expect(seen[0]).toBe(chunks[0]); // the same buffer: not a copy
    expect(nodeBody(new Request('http://x/'), Readable.from([])).stream()).toBeNull();
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
