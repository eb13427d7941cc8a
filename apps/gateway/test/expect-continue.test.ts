import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../src/node-server';

/** Sends headers with Expect: 100-continue; sends the body only after a 100; returns all it read. */
function expectContinuePut(url: string, path: string, headers: Record<string, string>, body: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let seen = '';
    let sent = false;
    socket.on('data', (d) => {
      seen += d.toString('latin1');
      if (!sent && seen.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        sent = true;
        socket.write(body);
      }
      if (/\r\n\r\n/.test(seen.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''))) socket.end();
    });
    socket.on('end', () => resolve(seen));
    socket.on('error', reject);
    const head = Object.entries({ host: 'x', expect: '100-continue', 'content-length': String(body.length), ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(`PUT ${path} HTTP/1.1\r\n${head}\r\n`);
  });
}

describe('Expect: 100-continue on the Node entry', () => {
  const piece = { 'x-upload-range': 'bytes=0-9', 'x-upload-totalsize': '10' };

  it('an answer given without reading the body goes out alone: the EOS redirect is not preceded by 100', async () => {
    const gw = await startGateway({ config: { eos: { redirect: true } } });
    try {
      const seen = await expectContinuePut(gw.url, '/eos/c/x.bin', piece, Buffer.alloc(10, 1));
      expect(seen).toMatch(/^HTTP\/1\.1 307 /);
      expect(seen).not.toContain('100 Continue');
    } finally {
      await gw.close();
    }
  });

  it('a handler that reads the body gets it after one 100 Continue', async () => {
    const gw = await startGateway();
    try {
      const seen = await expectContinuePut(gw.url, '/eos/c/y.bin', piece, Buffer.alloc(10, 2));
      expect(seen).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
      const back = await fetch(`${gw.url}/eos/c/y.bin`);
      expect(Buffer.from(await back.arrayBuffer())).toEqual(Buffer.alloc(10, 2));
    } finally {
      await gw.close();
    }
  });
});
