import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built CLI (turbo builds before testing), the way `npm start` does.
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('rangeway CLI', () => {
  it('serves health on the requested host and port, and stops on SIGTERM', async () => {
    const { child, url } = await serve(['--host', '127.0.0.1', '--port', '0', '--store', 'memory']);
    const res = await fetch(`${url}/_rangeway/health`);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints help listing every public flag', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const flag of ['--host', '--port', '--store', '--data-dir', 'RANGEWAY_PORT']) expect(r.stdout).toContain(flag);
  });

  it('fails fast with a clear message on a bad value', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--port', 'x'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--port: /);
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace for user errors
  });
});
