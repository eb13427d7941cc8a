import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Starts the built gateway (turbo builds before testing) on each runtime as its own process
// group, on 127.0.0.1 and a free port, and stops it by killing the whole group.

const DIST = join(__dirname, '..', '..', 'dist');

/** node_modules/.bin/<name>, looked up from this package towards the repository root. */
function bin(name: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not installed (npm ci installs it as a devDependency)`);
}

export type Runtime = { readonly name: string; command(): [string, ...string[]] };

/** One line each: how the README tells users to start the gateway on that runtime. */
export const RUNTIMES: readonly Runtime[] = [
  { name: 'node', command: () => [process.execPath, join(DIST, 'cli.js')] },
  { name: 'bun', command: () => [bin('bun'), join(DIST, 'entries', 'bun.js')] },
  { name: 'deno', command: () => [bin('deno'), 'run', '--allow-net', '--allow-env', '--allow-read', join(DIST, 'entries', 'deno.js')] },
  { name: 'workerd', command: () => [process.execPath, join(DIST, 'entries', 'workerd.js')] },
];

export type Served = { readonly url: string; readonly child: ChildProcess; stop(): Promise<void> };

const STARTUP_MS = 20_000;

/** `serve --host 127.0.0.1 --port 0 …flags` on `runtime`; resolves with the URL it printed. */
export function serve(runtime: Runtime, flags: readonly string[] = []): Promise<Served> {
  const [cmd, ...args] = runtime.command();
  const child = spawn(cmd, [...args, 'serve', '--host', '127.0.0.1', '--port', '0', ...flags], {
    detached: true, // own process group: Miniflare's workerd children die with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  });
  const stop = () => stopGroup(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${runtime.name} did not start in ${STARTUP_MS} ms:\n${out}`)), STARTUP_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(err));
    };
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (https?:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`${runtime.name} exited (${code ?? signal}):\n${out}`)));
  });
}

/** SIGTERM to the process group, SIGKILL if it is still there after 3 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return killGroup(child, 'SIGKILL');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL'); // anything the runtime left behind in its group
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Runs the runtime's entry to completion (for options that end it, like a bad value). */
export function runToEnd(runtime: Runtime, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const [cmd, ...pre] = runtime.command();
  const r = spawnSync(cmd, [...pre, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
