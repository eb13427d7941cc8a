import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from './runtimes/harness';

// The command as a user's shell runs it: the link npm installs, executed as a program.
const LINK = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'rangeway');
const FLAGS = ['--initial-old-space-size=64', '--max-semi-space-size=4'];
const TRIM = 'MALLOC_TRIM_THRESHOLD_';
const ARENAS = 'MALLOC_ARENA_MAX';

/** The value of `name` in the environment process `pid` was started with. */
function startedWith(pid: number, name: string): string | undefined {
  const entry = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}

describe.skipIf(!existsSync('/proc/self/cmdline'))('the rangeway command, run as a program', () => {
  it(`is Node itself, launched with ${FLAGS.join(' ')}, and stops cleanly on SIGTERM`, async () => {
    // `env` execs the command in its place, as a shell would, without glibc settings of the caller's
    const { url, child, stop } = await serve({ name: 'the rangeway command', command: () => ['env', '-u', TRIM, '-u', ARENAS, LINK] }, ['--store', 'memory']);
    try {
      // the PID the caller holds is the server's own: the shell lines exec'd Node in their place
      const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(basename(argv[0]!)).toMatch(/^node/);
      expect(argv.slice(1, 4)).toEqual([...FLAGS, LINK]);
      // glibc keeps up to 32 MiB of freed heap instead of faulting socket buffers in afresh
      expect(startedWith(child.pid!, TRIM)).toBe(String(32 * 1024 * 1024));
      // and two malloc heaps, not one per thread that allocates (the hashing thread, libuv's pool)
      expect(startedWith(child.pid!, ARENAS)).toBe('2');
      expect((await fetch(`${url}/_rangeway/health`)).status).toBe(200);
      // a signal to that PID (not its group) reaches the gateway's handler: a shell left in
      // between would die of it and orphan the server
      const exited = new Promise<[number | null, string | null]>((r) => child.once('exit', (code, signal) => r([code, signal])));
      child.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
    } finally {
      await stop();
    }
  });

  it(`keeps the ${TRIM} and ${ARENAS} its caller set`, async () => {
    const { url, child, stop } = await serve({ name: 'the rangeway command', command: () => ['env', `${TRIM}=131072`, `${ARENAS}=8`, LINK] }, ['--store', 'memory']);
    try {
      expect(startedWith(child.pid!, TRIM)).toBe('131072');
      expect(startedWith(child.pid!, ARENAS)).toBe('8');
      expect((await fetch(`${url}/_rangeway/health`)).status).toBe(200);
    } finally {
      await stop();
    }
  });
});
