import { randomBytes } from 'node:crypto';
import { openS3Storage } from '@rangeway/s3-store';
import { Acks } from '../crash/acks';
import { checkStored } from '../crash/check-stored';
import type { CrashDriver, CrashUpload } from '../crash/drivers/driver';
import { type CrashReport, emptyReport, rng } from '../crash/harness';
import { watchProgress } from '../crash/progress';
import { type Instance, Pair, kill, services } from './pair';

export type PairKillOptions = {
  /** kills that must land while uploads are unfinished */
  readonly kills: number;
  readonly seed: number;
  readonly drivers: readonly CrashDriver[];
  readonly clientsPerDriver: number;
  readonly uploadsPerClient: number;
};

export type PairKillReport = CrashReport & { kills: number; leasesHeldByLiveInstances: number; objectsNoRowKnows: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The crash test across two `serve --store s3` instances: clients of every dialect upload, each
 * file through an instance picked at random, while one instance or the other is SIGKILLed at
 * random points (each restarted at once on a new port). Checked from the shared bucket and
 * database: every claimed range and committed file, every acknowledged byte; afterwards no live
 * instance holds a lease, and once the collector ran no object is left that no row knows.
 */
export async function runPairKillTest(o: PairKillOptions): Promise<PairKillReport> {
  const random = rng(o.seed);
  // sweeping often settles, soon after a kill, the commits the killed instance left half-done
  const pair = new Pair([...o.drivers.flatMap((d) => d.flags ?? []), '--sweep-interval-ms', '500']);
  const clients = o.drivers.flatMap((driver) =>
    Array.from({ length: o.clientsPerDriver }, (_, c) => ({
      driver,
      uploads: Array.from({ length: o.uploadsPerClient }, (_, i): CrashUpload => ({
        name: `pair-${driver.name}-${c}-${i}.bin`,
        data: randomBytes(1 + Math.floor(random() * 1024 * 1024)),
        chunk: 64 * 1024 + Math.floor(random() * 192 * 1024),
      })),
    })),
  );
  const all = clients.flatMap((c) => c.uploads);
  const driverOf = new Map(clients.flatMap((c) => c.uploads.map((u) => [u.name, c.driver] as const)));
  const acks = new Acks();
  const done = new Set<string>();
  const report: PairKillReport = { ...emptyReport(all.length), kills: 0, leasesHeldByLiveInstances: 0, objectsNoRowKnows: 0 };
  const { progressed, realFetch, restore } = watchProgress(() => done.size >= all.length);
  const live: Instance[] = [];
  let paused = false;
  // each file goes through an instance picked when it starts; a client stops at a file boundary when paused
  const runClients = () =>
    Promise.allSettled(
      clients.map(async ({ driver, uploads }) => {
        for (const u of uploads) {
          if (paused) return;
          if (done.has(u.name)) continue;
          await driver.upload(live[Math.floor(random() * live.length)]!.url, u, acks);
          done.add(u.name);
        }
      }),
    );
  const checker = await openS3Storage({
    s3: { ...services, endpoint: services.endpoint!, fetch: realFetch },
    databaseUrl: services.databaseUrl!,
    schema: pair.schema,
    prefix: pair.prefix,
    orphanGraceMs: 0,
  });
  const check = (final: boolean) =>
    checkStored(checker, (s) => all.find((u) => driverOf.get(u.name)!.owns(s, u)), all, acks, report, final, (u) => driverOf.get(u.name)!.fileOf?.(u));
  try {
    live.push(await pair.start(), await pair.start());
    // kills go on until `kills` of them landed mid-upload (a kill after the last upload proves nothing)
    for (let k = 0; report.killsMidUpload < o.kills && done.size < all.length; k++) {
      paused = false;
      const running = runClients();
      await progressed(1 + Math.floor(random() * 12));
      await sleep(random() * 40);
      if (done.size < all.length) report.killsMidUpload++;
      const victim = Math.floor(random() * live.length);
      await kill(live[victim]!.child, 'SIGKILL');
      report.kills++;
      paused = true;
      await running;
      live[victim] = await pair.start();
      if (k % 4 === 3) await check(false);
    }
    // the rest, through both; uploads a killed instance held are taken over once its leases time out
    paused = false;
    let failures: string[] = [];
    for (let pass = 0; done.size < all.length && pass < 15; pass++) {
      failures = (await runClients()).flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
      if (done.size < all.length) await sleep(1000);
    }
    if (done.size < all.length) throw new Error(`uploads did not complete after the kills: ${failures.join('; ')}`);
    for (const u of all) {
      const ref = acks.committed(u.name);
      const driver = driverOf.get(u.name)!;
      if (!driver.readBack || ref === undefined) continue;
      const back = Buffer.from(await driver.readBack(live[report.filesReadBack % 2]!.url, u, ref));
      if (!back.equals(u.data)) {
        let at = 0;
        while (at < back.length && back[at] === u.data[at]) at++;
        throw new Error(`${u.name} reads back other bytes: ${back.length} bytes for ${u.data.length}, first difference at ${at}`);
      }
      report.filesReadBack++;
    }
    await check(true);
    report.leasesHeldByLiveInstances = await pair.sql(async (sql) => {
      const live = await sql`SELECT count(*)::int AS n FROM rw_leases l JOIN rw_instances i ON i.id = l.instance_id
                             WHERE i.heartbeat_at > (extract(epoch from clock_timestamp()) * 1000)::bigint - 2000`;
      return Number(live[0]!.n);
    });
    await checker.collector.collectOrphans();
    const keys = [...(await pair.keys('stg/')), ...(await pair.keys('data/'))];
    const known = await checker.map.known(keys);
    report.objectsNoRowKnows = keys.filter((k) => !known.has(k)).length;
    return report;
  } finally {
    restore();
    await checker.close();
    await pair.stop();
  }
}
