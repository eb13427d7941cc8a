// Many uploads at once against one server: aggregate MB/s, the p99 of the upload requests, and
// what a cheap status request sees meanwhile (one every 10 ms on its own connection and its own
// client thread, lib/probe-worker.mjs: its wait is the server's event-loop lag a client polling
// for progress feels).
import { Worker } from 'node:worker_threads';
import { clients } from './clients.mjs';
import { recordLatencies } from './http.mjs';

const MiB = 1024 * 1024;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Starts the status probe on its own thread; resolves once it has its session, with a stop that yields its latencies. */
async function startProbe(url, probe) {
  const worker = new Worker(new URL('./probe-worker.mjs', import.meta.url), { workerData: { url, probe } });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await next();
  return async () => {
    const done = next();
    worker.postMessage('stop');
    const { status } = await done;
    await worker.terminate();
    return status;
  };
}

/**
 * The gateway's own event-loop lag since its previous /metrics scrape, in ms (Node's series): the
 * least a request arriving during a stall waited, whatever the client's own scheduling added.
 */
async function loopLag(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]) * 1000;
  return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
}

/** `uploads` uploads of `size` bytes at once, each sending `chunkSize` chunks in order, named `<prefix><i>.bin`. */
export async function concurrentUploads(url, { client, probe, uploads, size, chunkSize }, prefix = 'c') {
  const gateway = probe === 'gateway';
  if (gateway) await loopLag(url); // starts the gateway's window at this run
  const stopProbe = await startProbe(url, probe);
  const stop = recordLatencies();
  const t0 = performance.now();
  let ms;
  let status;
  try {
    await Promise.all(Array.from({ length: uploads }, (_, i) => clients[client](url, { size, chunkSize, name: `${prefix}${i}.bin` })));
    ms = performance.now() - t0;
  } finally {
    status = await stopProbe();
  }
  const requests = stop();
  const lag = gateway ? await loopLag(url) : { p99: Number.NaN, max: Number.NaN };
  return { uploads, size, mbps: (uploads * size) / 1e6 / (ms / 1000), requestP99: pct(requests, 99), statusP50: pct(status, 50), statusP99: pct(status, 99), loopP99: lag.p99, loopMax: lag.max };
}

/**
 * A case on a fresh server after a smaller run of the same case, `warmupBytes` in all (at least
 * one upload, at most the case's count), unmeasured: the server compiles its hot path during it,
 * as one that has been running has. ClickHelp ×32 on the fs store, 3 rounds: cold 191-218 MB/s
 * and status p99 49-59 ms, warmed 223-253 MB/s and 38-46 ms.
 */
export async function warmedRun(url, c, warmupBytes) {
  const warmupUploads = warmupBytes > 0 ? Math.min(c.uploads, Math.max(1, Math.round(warmupBytes / c.size))) : 0;
  if (warmupUploads > 0) await concurrentUploads(url, { ...c, uploads: warmupUploads }, 'warm-up-');
  return { ...(await concurrentUploads(url, c)), warmupUploads };
}

/** The cases: ClickHelp (no digest work) like for like with tus, on equal 1 MiB chunks, then Box's SDK shape. */
export function concurrencyCases(total) {
  const out = [];
  for (const uploads of [8, 32, 128]) {
    const size = Math.max(MiB, Math.floor(total / uploads / MiB) * MiB);
    const shape = { uploads, size, chunkSize: MiB };
    // the floor: a server that only counts the bytes (baseline a), probed with empty requests
    out.push({ key: `count ×${uploads}`, server: 'count', client: 'count', probe: 'count', ...shape });
    out.push({ key: `tus ×${uploads}`, server: 'tus', client: 'tus', probe: 'tus', ...shape });
    out.push({ key: `clickhelp/fs-nosync ×${uploads}`, server: 'fs-nosync', client: 'clickhelp', probe: 'gateway', ...shape });
    out.push({ key: `clickhelp/fs ×${uploads}`, server: 'fs', client: 'clickhelp', probe: 'gateway', ...shape });
  }
  // Box: files of at least 20 MB by protocol, 8 MiB parts
  out.push({ key: 'box/fs ×8', server: 'fs', client: 'box', probe: 'gateway', uploads: 8, size: 24 * MiB, chunkSize: 8 * MiB });
  return out;
}

const f = (x, d = 1) => x.toFixed(d);
const median = (xs) => pct(xs, 50);

/** The method's warm-up sentence, when the runs had one. */
const warmed = (runs, warmupBytes) =>
  Object.values(runs).some((r) => r[0].warmupUploads > 0)
    ? `Each fresh server (baselines and tus alike) first took a smaller run of the same case, unmeasured (as many of its uploads as make ${f(warmupBytes / MiB, 0)} MiB, at least one), so its hot path was compiled as in one that has been running. `
    : '';

/** The section of BENCHMARKS.md: a row per case (medians over the rounds) and the targets. */
export function concurrencyReport(runs, warmupBytes) {
  if (!runs) return [];
  const row = (key) => {
    const r = runs[key];
    const m = (k) => median(r.map((x) => x[k]));
    const tusKey = key.replace(/^clickhelp\/fs(-nosync)? /, 'tus ');
    const vsTus = key.startsWith('clickhelp/') && runs[tusKey] ? r.map((x, i) => x.mbps / runs[tusKey][i].mbps) : undefined;
    const ratio = vsTus ? `${f(median(vsTus), 2)} (${f(Math.min(...vsTus), 2)}–${f(Math.max(...vsTus), 2)})` : '–';
    const lag = Number.isFinite(r[0].loopP99) ? `${f(m('loopP99'))} / ${f(m('loopMax'))}` : '–';
    return `| ${key} | ${r[0].uploads} × ${r[0].size / MiB} MiB | ${f(m('mbps'), 0)} | ${ratio} | ${f(m('requestP99'))} | ${f(m('statusP50'), 2)} / ${f(m('statusP99'))} | ${lag} |`;
  };
  const at32 = runs['clickhelp/fs-nosync ×32'];
  const tus32 = runs['tus ×32'];
  const ratio32 = at32 && tus32 ? median(at32.map((x, i) => x.mbps / tus32[i].mbps)) : undefined;
  const status32 = Math.max(...['clickhelp/fs-nosync ×32', 'clickhelp/fs ×32'].filter((k) => runs[k]).map((k) => median(runs[k].map((x) => x.statusP99))));
  const floor32 = runs['count ×32'] && median(runs['count ×32'].map((x) => x.statusP99));
  const floor = floor32 === undefined ? '' : ` (the bare counting server: ${f(floor32)} ms)`;
  return [
    '## Concurrent uploads',
    '',
    `Every upload sends 1 MiB chunks in order (Box: 8 MiB parts, one at a time per upload), all uploads at once from one client process; a status request every 10 ms, on its own connection from its own client thread, measures how long the server keeps a cheap request waiting. The \`count\` rows are the floor on this machine: a server that only counts body bytes (baseline a), probed with empty requests; what it shows is the cost of taking the bytes in while the client shares the two cores, with no work of its own. The gateway's event-loop lag is its own (\`nodejs_eventloop_lag_*\` in /metrics, over the run): how late its loop ran, apart from what the client's scheduling adds to the status times. ${warmed(runs, warmupBytes)}${runs[Object.keys(runs)[0]].length} interleaved rounds, medians; ratios paired per round.`,
    '',
    '| case | uploads | aggregate MB/s | × tus (same uploads) | upload request p99 ms | status p50 / p99 ms | gateway event-loop lag p99 / max ms |',
    '|---|---|---|---|---|---|---|',
    ...Object.keys(runs).map(row),
    '',
    '| target | measured | result |',
    '|---|---|---|',
    ratio32 === undefined
      ? '| 32 concurrent uploads ≥ 1.2× @tus/server | not run | – |'
      : `| 32 concurrent uploads, aggregate ≥ 1.2× @tus/server (like for like: fs store without fsync) | ${f(ratio32, 2)}× | ${ratio32 >= 1.2 ? 'met' : 'NOT met'} |`,
    Number.isFinite(status32)
      ? `| status request p99 < 10 ms during 32 concurrent uploads (fs store, with and without fsync) | ${f(status32)} ms${floor} | ${status32 < 10 ? 'met' : 'NOT met'} |`
      : '| status p99 during 32 uploads | not run | – |',
    '',
  ];
}
