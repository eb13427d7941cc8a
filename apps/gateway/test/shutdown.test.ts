import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index';
import { sigtermDuringUpload } from './runtimes/shutdown';

const BIN = join(__dirname, '..', 'bin', 'rangeway.js');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function serve(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const seen = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, out: () => out });
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('graceful shutdown', () => {
  it('SIGTERM lets an upload in flight finish, then exits; the next start has the file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rangeway-shutdown-'));
    try {
      const { child, url } = await serve(dataDir);
      expect(await sigtermDuringUpload({ url, child, stop: async () => undefined })).toEqual({ status: 201, code: 0 });
      const again = await serve(dataDir);
      const head = await fetch(`${again.url}/eos/shutdown/a.bin`, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String(4 * 1024 * 1024));
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops cleanly on a SIGTERM sent the moment the listening line appears', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rangeway-shutdown-'));
    try {
      // a signal that came before the handlers were in place killed the process: no clean close,
      // so the next start found no start index (1 start in 8 here, when the line came first)
      for (let i = 0; i < 6; i++) {
        const { child } = await serve(dataDir);
        child.kill('SIGTERM');
        const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
        expect({ code, signal }).toEqual({ code: 0, signal: null });
        expect((await readdir(join(dataDir, 'sessions'))).filter((n) => n === 'index.jsonl')).toEqual(['index.jsonl']);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers new requests during the drain with 503 + Retry-After, in each dialect shape', async () => {
    const app = createGateway();
    app.drain.begin();
    const box = await app.request('/api/2.0/files/upload_sessions', { method: 'POST' });
    expect(box.status).toBe(503);
    expect(box.headers.get('retry-after')).toBe('5');
    expect(await box.json()).toMatchObject({ type: 'error', status: 503, code: 'unavailable' });
    const eos = await app.request('/eos/x');
    expect([eos.status, await eos.text()]).toEqual([503, 'Service Unavailable - retry later\n']);
    const deoss = await app.request('/resume/x.bin', { method: 'PUT' });
    expect(await deoss.json()).toMatchObject({ code: 503 });
    const clickhelp = await app.request('/api/v1/storage/x.txt');
    expect(await clickhelp.json()).toEqual({ message: 'The service is restarting; retry shortly.' });
  });
});
