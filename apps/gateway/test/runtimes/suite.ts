import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version';
import { statusForAnnouncedBody } from './announce';
import { type Runtime, RUNTIMES, runToEnd, type Served, serve } from './harness';
import { SCENARIOS } from './scenarios/index';
import { sigtermDuringUpload } from './shutdown';
import { slowPiece } from './slow-body';
import { TLS_FLAGS, https2, httpsRequest } from '../tls-fixture';

/**
 * The cross-runtime smoke suite: the built gateway started on `name` over loopback, then the same
 * checks on every runtime — health, and one 3-chunk upload per dialect with digest verification
 * and a read-back.
 */
export function runtimeSuite(name: string): void {
  const runtime: Runtime = RUNTIMES.find((r) => r.name === name)!;
  // smoke runs keep uploads in memory: no data dir (and no Deno file permissions) needed
  const flags = ['--store', 'memory', ...SCENARIOS.filter((s) => s.landed).flatMap((s) => s.flags)];

  describe(`gateway on ${name}`, () => {
    let served: Served | undefined;
    const url = () => served!.url;
    beforeAll(async () => {
      served = await serve(runtime, flags);
    }, 30_000);
    afterAll(async () => {
      await served?.stop();
    });

    (name === 'workerd' ? it.skip : it)('SIGTERM lets an upload in flight finish, then exits 0 (graceful shutdown)', async () => {
      const own = await serve(runtime, ['--store', 'memory']);
      try {
        const exit = await sigtermDuringUpload(own);
        expect(exit).toEqual({ status: 201, code: 0 });
      } finally {
        await own.stop();
      }
    }, 30_000);

    (name === 'workerd' ? it.skip : it)('never cuts a slow body that keeps moving, however long it outlasts --idle-timeout-ms', async () => {
      const own = await serve(runtime, ['--store', 'memory', '--idle-timeout-ms', '1000']);
      try {
        expect(await slowPiece(own.url, 10, 400)).toEqual({ status: 201, body: 's'.repeat(10) }); // 4 s, 4 idle periods
      } finally {
        await own.stop();
      }
    }, 30_000);

    it('serves HTTPS with --tls-cert/--tls-key: an EOS upload and its read-back', async () => {
      const own = await serve(runtime, ['--store', 'memory', ...TLS_FLAGS]);
      try {
        expect(own.url).toMatch(/^https:/);
        const piece = { 'content-length': 5, 'x-upload-range': 'bytes=0-4', 'x-upload-totalsize': 5 };
        expect((await httpsRequest(`${own.url}/eos/tls/a.txt`, 'PUT', piece, 'hello')).status).toBe(201);
        expect(await httpsRequest(`${own.url}/eos/tls/a.txt`)).toEqual({ status: 200, body: 'hello' });
      } finally {
        await own.stop();
      }
    }, 30_000);

    // the command's bundle hands @hono/node-server a lazily loaded node:http2 (src/lazy-http2.ts)
    (name === 'node' ? it : it.skip)('serves HTTP/2 over TLS from the built command: its own origin in Box endpoints, an upload in two pieces read back', async () => {
      const own = await serve(runtime, ['--store', 'memory', ...TLS_FLAGS]);
      try {
        // an HTTP/2 request names its origin in :authority, which Hono reads only from a request it knows for HTTP/2
        const create = JSON.stringify({ folder_id: '0', file_size: 20_000_000, file_name: 'h2.bin' });
        const session = await https2(own.url, '/api/2.0/files/upload_sessions', 'POST', { 'content-type': 'application/json', 'content-length': create.length }, create);
        expect(session.status).toBe(201);
        expect(JSON.parse(session.body).session_endpoints.upload_part).toMatch(new RegExp(`^${own.url}/api/2\\.0/files/upload_sessions/[0-9A-F]+$`));
        const piece = (start: number, text: string) => ({ 'content-length': text.length, 'x-upload-range': `bytes=${start}-${start + text.length - 1}`, 'x-upload-totalsize': 11 });
        expect(await https2(own.url, '/eos/tls/h2.txt', 'PUT', piece(0, 'over '), 'over ')).toMatchObject({ status: 201 });
        expect(await https2(own.url, '/eos/tls/h2.txt', 'PUT', piece(5, 'HTTP/2'), 'HTTP/2')).toMatchObject({ status: 201 });
        expect(await https2(own.url, '/eos/tls/h2.txt', 'GET', {})).toEqual({ status: 200, body: 'over HTTP/2' });
        expect(await httpsRequest(`${own.url}/eos/tls/h2.txt`)).toEqual({ status: 200, body: 'over HTTP/2' });
      } finally {
        await own.stop();
      }
    }, 30_000);

    it('answers health and unknown routes', async () => {
      const health = await fetch(`${url()}/_rangeway/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', version: VERSION });
      const missing = await fetch(`${url()}/nowhere`);
      expect(missing.status).toBe(404);
      expect((await missing.json()).error).toBe('not_found');
    });

    it('takes the rangeway CLI options: a bad value is one line on stderr and exit code 1', () => {
      const r = runToEnd(runtime, ['serve', '--port', 'x']);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toMatch(/^rangeway: invalid configuration: --port: [^\n]*$/);
      expect(r.stderr).not.toMatch(/\bat .*\.js/);
    });

    it('takes request bodies over 128 MiB (Bun refuses them by default)', async () => {
      expect(await statusForAnnouncedBody(`${url()}/nowhere`, 1024 ** 3)).toBe(404);
    });

    const probe = SCENARIOS.find((s) => s.landed && s.streams);
    (probe ? it : it.skip)('streams request bodies: an endless body is answered while it is still arriving', () =>
      probe!.streams!(url(), name),
    );

    for (const s of SCENARIOS)
      (s.landed ? it : it.skip)(`${s.dialect}: 3-chunk upload, digests verified, read back`, () => s.run(url(), name));
  });
}
