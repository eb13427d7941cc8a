import { request } from 'node:http';

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
