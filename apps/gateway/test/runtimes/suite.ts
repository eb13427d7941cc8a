import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version';
import { statusForAnnouncedBody } from './announce';
import { type Runtime, RUNTIMES, runToEnd, type Served, serve } from './harness';
import { SCENARIOS } from './scenarios/index';
import { sigtermDuringUpload } from './shutdown';
import { slowPiece } from './slow-body';
import { TLS_FLAGS, httpsRequest } from '../tls-fixture';

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
