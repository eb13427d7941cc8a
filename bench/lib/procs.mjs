// Child processes for every measured server, so each is timed and its memory sampled alike.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The `rangeway` command as users run it: its `sh` lines start Node on it with the launch flags. */
export const RANGEWAY = join(HERE, '..', '..', 'apps', 'gateway', 'bin', 'rangeway.js');
const launcher = readFileSync(RANGEWAY, 'utf8');
/** The `node` flags the `rangeway` command passes, read from the command itself (for the report). */
export const LAUNCH_FLAGS = /exec node ((?:--\S+ )*)"\$0"/.exec(launcher)[1].trim();
/** The environment the `rangeway` command sets where its caller has not (`NAME="${NAME:-value}"`), read alike. */
export const LAUNCH_ENV = Object.fromEntries([...launcher.matchAll(/(\w+)="\$\{\1:-([^}]*)\}"/g)].map((m) => [m[1], m[2]]));
/** Ends the key of a case whose gateway was started by `node dist/cli.js serve`: without LAUNCH_FLAGS or LAUNCH_ENV. */
export const BARE = ', node dist/cli.js';

/** Starts `node args…` (or the `rangeway` command, when args begin with it), waits for "listening on <url>" on stdout. */
export function startServer(args, env = {}) {
  // the `rangeway` command execs Node in place of its shell: the child's PID is the server's own
  const [command, rest] = args[0] === RANGEWAY ? [RANGEWAY, args.slice(1)] : [process.execPath, args];
  const child = spawn(command, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    // only the tail is kept: a server logging every request would otherwise make this process
    // rescan an ever longer string per line (10,000 requests cost the client seconds, and showed
    // up as server latency)
    let out = '';
    let listening = false;
    const onData = (d) => {
      out = (out + d).slice(-4000);
      if (listening) return;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        listening = true;
        resolve({ child, url: m[1], pid: child.pid, stop: () => stop(child), stopCleanly: () => stop(child, 'SIGTERM') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out = (out + d).slice(-4000)));
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out.slice(-2000)}`)));
  });
}

/** Stops a server: killed by default, or asked to stop (SIGTERM: it drains and closes its store). */
function stop(child, signal = 'SIGKILL') {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill(signal);
  });
}

/** Clock ticks per second of /proc's CPU times (100 on every Linux we know; asked all the same). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far, user and system, all its threads (hashing worker, thread pool, GC), in ms. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS; // utime, stime
}

export function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * Resolves once a process's RSS has held within 256 KiB for 150 ms (at most 3 s): a server that
 * prints "listening" may still be starting threads (the gateway's hashing thread, 6-7 MiB), and a
 * baseline sampled meanwhile counted them as growth in some runs and not in others.
 */
export async function settled(pid) {
  const deadline = performance.now() + 3000;
  let last = rssBytes(pid);
  let steady = 0;
  while (steady < 3 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = rssBytes(pid);
    steady = Math.abs(now - last) < 256 * 1024 ? steady + 1 : 0;
    last = now;
  }
}

/** Samples a process's RSS every 20 ms until stopped; returns baseline and peak. */
export function sampleRss(pid) {
  const base = rssBytes(pid);
  let peak = base;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {}
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssBytes(pid));
      } catch {}
      return { base, peak, growth: peak - base };
    },
  };
}
