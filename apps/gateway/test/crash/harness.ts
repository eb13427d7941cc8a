import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntervalSet, collectBytes, fileBlobKey } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';
import { Acks } from './acks';
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

/** A seeded stream of numbers in [0, 1), so a failing run can be replayed with its seed. */
function rng(seed: number): () => number {
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
  const report: CrashReport = {
    killsMidUpload: 0,
    restartsBeforeReap: 0,
    acknowledgedBytes: 0,
    acknowledgedBytesLost: 0,
    filesReadBack: 0,
    rangesChecked: 0,
    bytesChecked: 0,
    uploads: all.length,
  };
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

  // kills are placed by progress, not by the clock, so they land mid-upload however loaded the
  // machine is: after a random number of answered requests, plus a random few milliseconds
  const realFetch = globalThis.fetch;
  let answered = 0;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await realFetch(...args);
    answered++;
    return res;
  };
  const progressed = async (n: number) => {
    const goal = answered + n;
    for (let waited = 0; answered < goal && waited < 5000 && done.size < all.length; waited += 5) await sleep(5);
  };
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
      await checkStored(dataDir, driver, all, acks, report, false);
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
    await checkStored(dataDir, driver, all, acks, report, true);
    return report;
  } finally {
    globalThis.fetch = realFetch;
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The parts of `iv` that `held` does not cover. */
function missingIn(held: IntervalSet, iv: { start: number; end: number }): { start: number; end: number }[] {
  return IntervalSet.of([iv])
    .intervals.flatMap((x) => held.missing(x.end).filter((g) => g.end > x.start).map((g) => ({ start: Math.max(g.start, x.start), end: g.end })));
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

/** Opens the dead server's data dir and compares every claimed range with the sent bytes. */
async function checkStored(
  dataDir: string,
  driver: CrashDriver,
  uploads: readonly CrashUpload[],
  acks: Acks,
  report: CrashReport,
  final: boolean,
): Promise<void> {
  const storage = await openFsStorage({ dir: dataDir, fsync: 'never' });
  try {
    const committed = new Set<string>();
    const claimed = new Map<string, IntervalSet>();
    for await (const s of storage.sessions.list()) {
      const u = uploads.find((x) => driver.owns(s, x));
      if (!u) throw new Error(`session ${s.id} (${s.target}) belongs to no upload`);
      if (s.state === 'committed') {
        const file = (await storage.files.getById(s.fileId!))!;
        const bytes = await collectBytes(await storage.blobs.read(file.blobKey));
        if (!Buffer.from(bytes).equals(u.data)) throw new Error(`committed ${u.name} differs from what was sent`);
        report.bytesChecked += bytes.length;
        committed.add(u.name);
        continue;
      }
      if (s.state !== 'open' && s.state !== 'complete') throw new Error(`session of ${u.name} is ${s.state}`);
      // a new version being written (EOS rewrites in place) leaves the committed one readable
      // until it commits: the acknowledged bytes are held there
      const previous = await storage.files.get(s.namespace, s.target);
      if (previous && Buffer.from(await collectBytes(await storage.blobs.read(previous.blobKey))).equals(u.data)) {
        report.bytesChecked += previous.size;
        committed.add(u.name);
      }
      claimed.set(u.name, (claimed.get(u.name) ?? IntervalSet.EMPTY).union(IntervalSet.parse(s.received)));
      // a commit the kill interrupted may have moved the bytes to the file key already
      const moved = s.state === 'complete' && s.fileId !== undefined && (await storage.blobs.size(s.blobKey)) === undefined;
      const key = moved ? fileBlobKey(s.fileId!) : s.blobKey;
      for (const iv of IntervalSet.parse(s.received).intervals) {
        const bytes = await collectBytes(await storage.blobs.read(key, iv));
        if (!Buffer.from(bytes).equals(u.data.subarray(iv.start, iv.end)))
          throw new Error(`session of ${u.name} claims [${iv.start}, ${iv.end}) but holds other bytes`);
        report.rangesChecked++;
        report.bytesChecked += bytes.length;
      }
    }
    // every byte the server acknowledged is still held (or its file committed)
    let acked = 0;
    let lost = 0;
    const lostWhere: string[] = [];
    for (const u of uploads) {
      const mine = acks.of(u.name);
      acked += mine.coveredBytes;
      if (committed.has(u.name)) continue;
      const held = claimed.get(u.name) ?? IntervalSet.EMPTY;
      let mineLost = 0;
      for (const iv of mine.intervals) for (const gap of missingIn(held, iv)) mineLost += gap.end - gap.start;
      if (acks.committed(u.name) !== undefined) mineLost += u.data.length; // an acknowledged commit must stay committed
      if (mineLost > 0) lostWhere.push(`${u.name}: acknowledged ${mine.toString()}${acks.committed(u.name) ? ' and its commit' : ''}, held ${held.toString()}`);
      lost += mineLost;
    }
    report.acknowledgedBytes = acked;
    report.acknowledgedBytesLost += lost;
    if (lost > 0) throw new Error(`${lost} acknowledged bytes lost (${lostWhere.join('; ')})`);
    if (final) {
      const missing = uploads.filter((u) => !committed.has(u.name)).map((u) => u.name);
      if (missing.length) throw new Error(`not committed after the last restart: ${missing.join(', ')}`);
    }
  } finally {
    await storage.close();
  }
}
