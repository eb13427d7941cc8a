// npm run bench: the gateway against baselines measured in the same run, reported as ratios.
// Absolute MB/s on a shared 2-core machine with a virtual disk are noisy, so every upload runs
// BENCH_ROUNDS times, the rounds interleaved (each round runs every baseline and every gateway
// case once), and the medians are compared.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEOSS_SIGNATURE, clients } from './lib/clients.mjs';
import { fileDigests } from './lib/data.mjs';
import { expectStatus, send } from './lib/http.mjs';
import { BARE, LAUNCH_ENV, LAUNCH_FLAGS, RANGEWAY, cpuMs, sampleRss, settled, startServer } from './lib/procs.mjs';
import { report } from './lib/report.mjs';
import { concurrencyCases, warmedRun } from './lib/concurrency.mjs';
import { partCost } from './lib/part-cost.mjs';
import { runS3Bench, s3Available, s3Options, s3Report, spliceS3 } from './lib/s3-case.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'apps', 'gateway', 'dist', 'cli.js');
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_SIZE ?? 1024 * MiB);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SMALL_CHUNKS = Number(process.env.BENCH_SMALL_CHUNKS ?? 2000);
const SMALL_ROUNDS = Number(process.env.BENCH_SMALL_ROUNDS ?? 3);
const OPEN_SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT_SIZE ?? 256 * MiB);
const CONCURRENT_ROUNDS = Number(process.env.BENCH_CONCURRENT_ROUNDS ?? 3);
const PARTS = Number(process.env.BENCH_PARTS ?? 4000);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 32 * MiB);

/** Each dialect in its natural chunk size, with the gateway flags it needs for a bench run. */
const DIALECTS = {
  box: { chunkSize: 8 * MiB, flags: [] },
  eos: { chunkSize: 8 * MiB, flags: [] },
  deoss: { chunkSize: 10 * MiB, flags: ['--deoss-auth', 'off', '--deoss-territories', 'bench:1099511627776'] },
  clickhelp: { chunkSize: 10 * MiB, flags: [] },
};
// BENCH_DIALECTS=eos,clickhelp runs a subset (e.g. while profiling one dialect)
const only = process.env.BENCH_DIALECTS?.split(',');
for (const name of Object.keys(DIALECTS)) if (only && !only.includes(name)) delete DIALECTS[name];
const allFlags = Object.values(DIALECTS).flatMap((d) => d.flags);

/**
 * Gateway stores: the fs store with its default durability (fsync before every answer), the fs
 * store without fsync (like-for-like with @tus/file-store and baseline b0, which never fsync),
 * and memory. BENCH_STORES=fs,memory picks some.
 */
const STORES = {
  fs: ['--store', 'fs', '--fsync', 'always'],
  'fs-nosync': ['--store', 'fs', '--fsync', 'never'],
  memory: ['--store', 'memory'],
};
const stores = process.env.BENCH_STORES?.split(',') ?? Object.keys(STORES);

const scratch = () => mkdtempSync(join(tmpdir(), 'rangeway-bench-'));
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

async function withServer(args, fn, env = {}) {
  const dir = scratch();
  const server = await startServer(args(dir), env);
  try {
    await send(`${server.url}/`); // warm-up: the first request of a fresh process pays for loading code
    return await fn(server);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The gateway as `rangeway serve` starts it (the command users run, with its launch flags), or,
 * with `bare`, as `node dist/cli.js serve`: no flags, the comparison rows.
 */
const gateway = (store, bare = false) => (dir) => [bare ? CLI : RANGEWAY, 'serve', '--port', '0', ...STORES[store], '--data-dir', dir, '--admin', 'off', ...allFlags];
/** The same gateway with DeOSS checking each chunk's sr25519 signature, as it does by default. */
const signedGateway = (store) => (dir) => gateway(store)(dir).filter((a, i, all) => a !== '--deoss-auth' && all[i - 1] !== '--deoss-auth');
const baseline = (kind) => (dir) => [join(HERE, 'servers', 'baseline.mjs'), kind, dir];

async function upload(args, client, options, env) {
  return withServer(args, async (server) => {
    await settled(server.pid);
    const rss = sampleRss(server.pid);
    // a smaller upload through the same client first: V8 compiles the server's hot path during
    // it (85 optimising compiles in a cold gateway's first GiB, 8-21 once warm), as it has in a
    // server that has been running; RSS is sampled from before it, once the server has settled
    if (WARMUP > 0) await clients[client](server.url, { size: WARMUP, name: `warm-up-${client}.bin`, ...options });
    const cpu = cpuMs(server.pid);
    const r = await clients[client](server.url, { size: SIZE, name: `f-${client}.bin`, ...options });
    return { ...r, mbps: mbps(SIZE, r.ms), cpuMs: cpuMs(server.pid) - cpu, rss: rss.stop() };
  }, env);
}

async function smallChunkRate(args, client, options = {}) {
  return withServer(args, async (server) => {
    const size = SMALL_CHUNKS * 64 * 1024;
    const r = await clients[client](server.url, { size, chunkSize: 64 * 1024, name: 'small.bin', ...options });
    return { reqPerSec: r.requests / (r.ms / 1000) };
  });
}

async function statusLatency() {
  return withServer(gateway('memory'), async (server) => {
    const base = `${server.url}/api/v1/storage/open`;
    for (let i = 0; i < OPEN_SESSIONS; i++)
      expectStatus(await send(`${base}/s${i}.bin?format=resumable`, { method: 'POST', headers: { 'content-length': 0 } }), [200, 204], 'start');
    const times = [];
    for (let i = 0; i < 2000; i++) {
      const res = await send(`${base}/s${(i * 7919) % OPEN_SESSIONS}.bin?format=resumable`, {
        method: 'PUT',
        headers: { 'content-range': 'bytes */*', 'content-length': 0 },
      });
      expectStatus(res, [202], 'status query');
      times.push(res.ms);
    }
    times.sort((a, b) => a - b);
    const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    return { p50: pct(50), p99: pct(99) };
  });
}

/**
 * Start-up of the fs store holding `sessions` open uploads: the time from spawning `rangeway
 * serve` to its "listening" line, after a clean stop (SIGTERM, as a deploy restarts it: the store
 * leaves its start index) and after a kill (every session file is read), against the same with an
 * empty data dir (Node's own start and the gateway's modules). Medians of `STARTS` each.
 */
async function startup(sessions) {
  const dir = scratch();
  const args = (fsync) => [RANGEWAY, 'serve', '--port', '0', '--store', 'fs', '--fsync', fsync, '--data-dir', dir, '--admin', 'off', ...allFlags];
  const timed = async (stop) => {
    const t0 = performance.now();
    const server = await startServer(args('always'));
    const ms = performance.now() - t0;
    await (stop === 'clean' ? server.stopCleanly() : server.stop());
    return ms;
  };
  const medianStart = async (before, after) => {
    const times = [];
    for (let i = 0; i < STARTS; i++) {
      await timed(before); // leaves the store as the measured start finds it
      times.push(await timed(after));
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  try {
    const emptyMs = await medianStart('kill', 'kill');
    const filling = await startServer(args('never')); // the sessions' contents are what matters, not how durably they were written
    const base = `${filling.url}/api/v1/storage/open`;
    for (let i = 0; i < sessions; i++)
      expectStatus(await send(`${base}/s${i}.bin?format=resumable`, { method: 'POST', headers: { 'content-length': 0 } }), [200, 204], 'start');
    await filling.stopCleanly();
    return { emptyMs, fullMs: await medianStart('clean', 'clean'), killedMs: await medianStart('kill', 'kill'), starts: STARTS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every upload case: name → how to run it once. */
const cases = {
  'baseline/count': () => upload(baseline('count'), 'count', { chunkSize: 8 * MiB }),
  'baseline/pwrite': () => upload(baseline('pwrite'), 'pwrite', { chunkSize: 8 * MiB }),
  'baseline/pwrite-nosync': () => upload(baseline('pwrite-nosync'), 'pwrite', { chunkSize: 8 * MiB }),
  'baseline/batched': () => upload(baseline('batched'), 'pwrite', { chunkSize: 8 * MiB }),
  'baseline/batched-nosync': () => upload(baseline('batched-nosync'), 'pwrite', { chunkSize: 8 * MiB }),
  // (b0+) given the environment the `rangeway` command gives the gateway (its glibc settings)
  ...(Object.keys(LAUNCH_ENV).length > 0 && { 'baseline/batched-nosync-env': () => upload(baseline('batched-nosync'), 'pwrite', { chunkSize: 8 * MiB }, LAUNCH_ENV) }),
  ...(stores.includes('memory') && { 'baseline/memory': () => upload(baseline('memory'), 'pwrite', { chunkSize: 8 * MiB }) }),
  // the lean hash-and-write servers, in each hashing dialect's own chunk size
  ...(DIALECTS.box && stores.includes('fs') && { 'baseline/hash-box': () => upload(baseline('hash-box'), 'pwrite', { chunkSize: DIALECTS.box.chunkSize }) }),
  ...(DIALECTS.deoss && stores.includes('fs') && { 'baseline/hash-deoss': () => upload(baseline('hash-deoss'), 'pwrite', { chunkSize: DIALECTS.deoss.chunkSize }) }),
  'baseline/tus': () => upload(baseline('tus'), 'tus', { chunkSize: 8 * MiB }),
};
for (const store of stores)
  for (const [name, d] of Object.entries(DIALECTS)) cases[`${name}/${store}`] = () => upload(gateway(store), name, { chunkSize: d.chunkSize });
// the rows with targets against (h) and (b0+) once more, started by `node` without the launch flags
for (const [name, store] of [['box', 'fs'], ['deoss', 'fs'], ['clickhelp', 'fs-nosync']].filter(([n, st]) => DIALECTS[n] && stores.includes(st)))
  cases[`${name}/${store}${BARE}`] = () => upload(gateway(store, true), name, { chunkSize: DIALECTS[name].chunkSize });
// DeOSS as deployed: every chunk signed (the runs above turn the check off)
if (DIALECTS.deoss && stores.includes('fs'))
  cases['deoss/fs signed'] = () => upload(signedGateway('fs'), 'deoss', { chunkSize: DIALECTS.deoss.chunkSize, signature: DEOSS_SIGNATURE });
// Box as its SDKs send a big file: several parts in flight (the default store)
if (DIALECTS.box && stores.includes('fs'))
  for (const parallel of [4, 8, 16]) cases[`box/fs ×${parallel}`] = () => upload(gateway('fs'), 'box', { parallel });

const log = (...a) => console.error('bench:', ...a);
const started = performance.now();
fileDigests(SIZE); // the clients' whole-file checksums, hashed once before any timing
if (WARMUP > 0) fileDigests(WARMUP);
const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 1; round <= ROUNDS; round++) {
  log(`round ${round} of ${ROUNDS}: ${Object.keys(cases).length} uploads of ${SIZE / MiB} MiB`);
  for (const [key, run] of Object.entries(cases)) runs[key].push(await run());
}
log('64 MiB chunks (RSS growth)');
const bigChunks = await upload(gateway(stores[0]), 'eos', { chunkSize: 64 * MiB });
log(`${SMALL_CHUNKS} chunks of 64 KiB`);
// the default store at 64 KiB: one request, one durable write, against a positioned-write server
// doing the same per request (Box is absent: its parts are at least 8 MiB by protocol)
// (a single run of each flipped the verdict between runs: rounds, each its own baseline run)
log(`${SMALL_CHUNKS} chunks of 64 KiB on the fs store (fsync), per dialect, ${SMALL_ROUNDS} interleaved rounds`);
const fsRounds = [];
for (let round = 0; round < SMALL_ROUNDS; round++) {
  const fs = {};
  const pwrite = await smallChunkRate(baseline('pwrite'), 'pwrite');
  for (const d of ['eos', 'deoss', 'clickhelp'].filter((d) => DIALECTS[d])) fs[d] = await smallChunkRate(gateway('fs'), d);
  fsRounds.push({ pwrite, fs });
}
const smallChunks = {
  gateway: await smallChunkRate(gateway('memory'), 'clickhelp'),
  count: await smallChunkRate(baseline('count'), 'count'),
  fsRounds,
  ...(DIALECTS.deoss && {
    deoss: await smallChunkRate(gateway('memory'), 'deoss'),
    deossSigned: await smallChunkRate(signedGateway('memory'), 'deoss', { signature: DEOSS_SIGNATURE }),
  }),
};
log(`status queries with ${OPEN_SESSIONS} open sessions`);
const status = await statusLatency();
log(`concurrent uploads, ${CONCURRENT_ROUNDS} rounds`);
const concurrency = {};
for (let round = 1; round <= CONCURRENT_ROUNDS; round++)
  for (const c of concurrencyCases(CONCURRENT_TOTAL))
    (concurrency[c.key] ??= []).push(await withServer(STORES[c.server] ? gateway(c.server) : baseline(c.server), (server) => warmedRun(server.url, c, WARMUP)));
log(`per-request cost at part ${PARTS}, two sessions written in turn`);
const parts = await partCost(PARTS);
log(`start-up of the fs store with ${OPEN_SESSIONS} open sessions`);
const boot = await startup(OPEN_SESSIONS);
// the S3 store's case needs radosgw and PostgreSQL (npm run bench:s3 starts them); without
// them the previous run's S3 section is kept as it was
const s3 = s3Available() ? await runS3Bench({ ...s3Options(), log }) : (log('s3: DATABASE_URL / S3_ENDPOINT not set, S3 case skipped'), undefined);

const results = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  sizeBytes: SIZE,
  rounds: ROUNDS,
  warmupBytes: WARMUP,
  // the node flags the gateways were started with (by the rangeway command), as the report says
  launchFlags: LAUNCH_FLAGS,
  launchEnv: LAUNCH_ENV,
  openSessions: OPEN_SESSIONS,
  seconds: Math.round((performance.now() - started) / 1000),
  runs,
  bigChunks,
  smallChunks,
  status,
  boot,
  concurrency,
  parts,
  s3,
};
const BENCHMARKS = join(HERE, '..', 'BENCHMARKS.md');
const markdown = spliceS3(report(results), s3 && s3Report(s3), existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '');
console.log(markdown);
writeFileSync(join(HERE, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(BENCHMARKS, markdown);
