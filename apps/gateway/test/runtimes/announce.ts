import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * Sends only the head of a request that announces `length` body bytes and resolves with the
 * answer's status: a runtime that caps bodies answers 413 from the header alone.
 */
export function statusForAnnouncedBody(url: string, length: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-length': String(length) } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

/**
 * Sends `bytes` of a chunked body and then holds the body open, never ending it; resolves with
 * the answer's status. A server that hands the body to the handler as a stream can answer now
 * (e.g. "longer than declared"); one that buffers whole requests never answers (rejects after
 * `waitMs`). Holding instead of flooding the body means the server has read all that was sent
 * when it closes, so the answer is not lost to a connection reset.
 */
export function answerWhileBodyIsOpen(url: string, headers: Record<string, string>, bytes: number, waitMs = 10_000): Promise<number> {
  const { hostname, port, pathname, search } = new URL(url);
  const head = [`PUT ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Transfer-Encoding: chunked']
    .concat(Object.entries(headers).map(([k, v]) => `${k}: ${v}`))
    .join('\r\n');
  return new Promise((resolve, reject) => {
    let answer = '';
    let done = false;
    const finish = (err: Error | undefined, status = 0) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(status);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${waitMs} ms while the body stayed open`)), waitMs);
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${head}\r\n\r\n${bytes.toString(16)}\r\n`);
      socket.write(Buffer.alloc(bytes, 0x61));
      socket.write('\r\n'); // and no terminating 0-length chunk: the body stays open
    });
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
      if (m && answer.includes('\r\n\r\n')) finish(undefined, Number(m[1]));
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('connection closed without an answer')));
  });
}
