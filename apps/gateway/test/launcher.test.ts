import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The command as a user's shell runs it: the link npm installs, executed as a program.
const LINK = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'rangeway');
const FLAG = '--initial-old-space-size=64';
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe.skipIf(!existsSync('/proc/self/cmdline'))('the rangeway command, run as a program', () => {
  it(`is Node itself, launched with ${FLAG}, and stops cleanly on SIGTERM`, async () => {
    const child = spawn(LINK, ['serve', '--store', 'memory', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr!.on('data', (d: Buffer) => (out += d));
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    // the PID the caller holds is the server's own: the shell lines exec'd Node in their place
    const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    expect(basename(argv[0]!)).toMatch(/^node/);
    expect(argv.slice(1, 3)).toEqual([FLAG, LINK]);
    expect((await fetch(`${url}/_rangeway/health`)).status).toBe(200);
    // a signal to that PID reaches the gateway's handler (a shell left in between would die of it
    // and orphan the server)
    const exited = new Promise<[number | null, string | null]>((r) => child.once('exit', (code, signal) => r([code, signal])));
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });
});
