import { type ClientRequest, request } from 'node:http';

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

const PIECE = new Uint8Array(64 * 1024).fill(0x61);

/**
 * Streams a chunked body that only stops when the answer arrives (or after `capBytes`): a server
 * that hands the body to the handler as a stream can answer mid-body (e.g. "longer than
 * declared"); one that buffered the request first could not answer before the body ended.
 */
export function answerDuringEndlessBody(
  url: string,
  headers: Record<string, string>,
  capBytes = 256 * 1024 * 1024,
): Promise<{ status: number; body: string; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req: ClientRequest = request(url, { method: 'PUT', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sentBytes: sent });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && sent < capBytes) {
        sent += PIECE.length;
        if (!req.write(PIECE)) return void req.once('drain', pump);
      }
      if (!answered) req.end(); // cap reached: let a buffering server answer, so the test fails on sentBytes
    };
    pump();
  });
}
