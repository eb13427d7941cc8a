import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built CLI (turbo builds before testing), the way `npm start` does.
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function serve(args: string[], cwd?: string): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, out: () => out });
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

  it('keeps data in ./rangeway-data by default, one gateway per data dir', async () => {
    const cwd = await realpath(await mkdtemp(join(tmpdir(), 'rangeway-cli-')));
    try {
      const first = await serve(['--port', '0'], cwd);
      expect(first.out()).toContain(`(data in ${join(cwd, 'rangeway-data')}, fsync always)`);
      expect(await readdir(join(cwd, 'rangeway-data'))).toContain('sessions');
      const second = spawnSync(process.execPath, [CLI, 'serve', '--port', '0'], { encoding: 'utf8', cwd });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/data directory is in use by process \d+/);
      expect(second.stderr).not.toMatch(/at .*\.js/);
      const exited = new Promise((r) => first.child.once('exit', r));
      first.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('prints help listing every public flag', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const flag of ['--host', '--port', '--store', '--data-dir', '--fsync', '--sweep-interval-ms', 'RANGEWAY_PORT'])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/--store .*\(default fs\)/);
  });

  it('fails fast with a clear message on a bad value', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--port', 'x'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--port: /);
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace for user errors
  });
});
