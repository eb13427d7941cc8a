import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFsStorage } from '@rangeway/fs-store';
import { Acks } from './acks';
import { checkStored } from './check-stored';
import { watchProgress } from './progress';
import type { CrashDriver, CrashUpload } from './drivers/driver';

export type CrashOptions = {
  readonly kills: number;
  readonly clients: number;
  readonly uploadsPerClient: number;
  readonly seed: number;
  /** extra server arguments (e.g. --fsync never) */
  readonly serverArgs?: readonly string[];
};

export type CrashReport = {
  /** kills that landed while at least one upload was unfinished */
  killsMidUpload: number;
  /** restarts begun before the killed process was reaped */
  restartsBeforeReap: number;
  /** acknowledged bytes checked to be held after the kills, and how many of them were lost */
  acknowledgedBytes: number;
  acknowledgedBytesLost: number;
  /** committed files read back byte-identical through the dialect's own read endpoint */
  filesReadBack: number;
  /** stored ranges whose bytes were compared with what was sent */
  rangesChecked: number;
  bytesChecked: number;
  uploads: number;
};

/** A report with nothing counted yet, for `uploads` uploads. */
export function emptyReport(uploads: number): CrashReport {
  return { killsMidUpload: 0, restartsBeforeReap: 0, acknowledgedBytes: 0, acknowledgedBytesLost: 0, filesReadBack: 0, rangesChecked: 0, bytesChecked: 0, uploads };
}

/** A seeded stream of numbers in [0, 1), so a failing run can be replayed with its seed. */
export function rng(seed: number): () => number {
  let n = 0;
  return () => createHash('sha256').update(`${seed}:${n++}`).digest().readUInt32BE(0) / 2 ** 32;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startServer(argv: string[]): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, log: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

/**
 * Uploads through a real server process that is SIGKILLed at random moments, `kills` times;
 * after every kill it checks, straight from the data dir, that every byte range any session
 * claims holds exactly the bytes that were sent. Then it lets every upload finish and checks
 * each committed file is byte-identical.
 */
export async function runCrashTest(driver: CrashDriver, options: CrashOptions): Promise<CrashReport> {
  const random = rng(options.seed);
  const dataDir = await mkdtemp(join(tmpdir(), `rangeway-crash-${driver.name}-`));
  const argv = [...driver.command(dataDir), ...(options.serverArgs ?? [])];
  const clients: CrashUpload[][] = [];
  for (let c = 0; c < options.clients; c++) {
    const list: CrashUpload[] = [];
    for (let i = 0; i < options.uploadsPerClient; i++) {
      const size = 1 + Math.floor(random() * 3 * 1024 * 1024);
      const chunk = 16 * 1024 + Math.floor(random() * 240 * 1024);
      list.push({ name: `crash-${driver.name}-${c}-${i}.bin`, data: randomBytes(size), chunk });
    }
    clients.push(list);
  }
  const all = clients.flat();
  const done = new Set<string>();
  const report = emptyReport(all.length);
  const acks = new Acks();

  // each client uploads its files one after another, resuming wherever the server is
  const runClients = (url: string) =>
    Promise.allSettled(
      clients.map(async (list) => {
        for (const u of list) {
          if (done.has(u.name)) continue;
          await driver.upload(url, u, acks);
          done.add(u.name);
        }
      }),
    );

  // kills land after a random number of answered requests, plus a random few milliseconds
  const { progressed, restore } = watchProgress(() => done.size >= all.length);
  try {
    let server = await startServer(argv);
    for (let k = 0; k < options.kills; k++) {
      const running = runClients(server.url);
      await progressed(1 + Math.floor(random() * 12));
      await sleep(random() * 40);
      if (done.size < all.length) report.killsMidUpload++;
      const killed = server.child;
      killed.kill('SIGKILL');
      if (k % 2 === 1) {
        // a supervisor restarting at once: the next server starts while the killed one may
        // still be dying (it gets the data dir as soon as the kernel drops the dead one's lock)
        const next = startUntilLocked(argv);
        if (killed.exitCode === null && killed.signalCode === null) report.restartsBeforeReap++;
        await running;
        server = await next;
        continue; // checked at the next kill: acknowledgements only grow, and clients never resend acknowledged bytes
      }
      await exited(killed);
      await running;
      await checkFsStore(dataDir, driver, all, acks, report, false);
      server = await startServer(argv);
    }
    const results = await runClients(server.url);
    const failed = results.find((r) => r.status === 'rejected');
    try {
      if (failed) {
        const reason = failed.reason as Error;
        throw new Error(`an upload did not complete after the last restart: ${reason.message} (${String(reason.cause ?? '')})\n${server.log()}`);
      }
      // every committed file, through the dialect's own read endpoint
      for (const u of all) {
        const ref = acks.committed(u.name);
        if (!driver.readBack || ref === undefined) continue;
        if (!Buffer.from(await driver.readBack(server.url, u, ref)).equals(u.data)) throw new Error(`${u.name} reads back other bytes`);
        report.filesReadBack++;
      }
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    await checkFsStore(dataDir, driver, all, acks, report, true);
    return report;
  } finally {
    restore();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Starts the server, retrying while the data dir is still locked by a process being killed. */
async function startUntilLocked(argv: string[]): Promise<Awaited<ReturnType<typeof startServer>>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startServer(argv);
    } catch (e) {
      if (attempt >= 50 || !/in use by process/.test(String(e))) throw e;
      await sleep(20);
    }
  }
}

/** Opens the dead server's data dir and checks it (check-stored.ts). */
async function checkFsStore(dataDir: string, driver: CrashDriver, uploads: readonly CrashUpload[], acks: Acks, report: CrashReport, final: boolean): Promise<void> {
  const storage = await openFsStorage({ dir: dataDir, fsync: 'never' });
  try {
    await checkStored(storage, (s) => uploads.find((u) => driver.owns(s, u)), uploads, acks, report, final, driver.fileOf);
  } finally {
    await storage.close();
  }
}
