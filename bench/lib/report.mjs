// BENCHMARKS.md from a run's results: medians over the rounds, ratios to the same run's baselines.
import { concurrencyReport } from './concurrency.mjs';
import { partCostReport } from './part-cost.mjs';
import { BARE } from './procs.mjs';
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const check = (ok) => (ok ? 'met' : 'NOT met');
const f0 = (x) => x.toFixed(0);
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

/** Server CPU seconds per GiB of a run (undefined in results from before it was measured). */
const cpuPerGiB = (r, size) => (r.cpuMs === undefined ? undefined : r.cpuMs / 1000 / (size / GiB));

/** Median MB/s, its spread, the server's median CPU per GiB, the largest RSS growth and the median final-step time of a case. */
function summarise(runs, size) {
  const speeds = runs.map((r) => r.mbps);
  const cpu = runs.map((r) => cpuPerGiB(r, size));
  return {
    mbps: median(speeds),
    cpu: cpu.includes(undefined) ? undefined : median(cpu),
    min: Math.min(...speeds),
    max: Math.max(...speeds),
    growth: Math.max(...runs.map((r) => r.rss.growth)),
    finalMs: median(runs.map((r) => r.finalMs)),
    finalMax: Math.max(...runs.map((r) => r.finalMs)),
  };
}

/**
 * A case against a baseline, round by round (each round ran both within moments of each other,
 * so the machine's drift cancels): the median of the per-round ratios and their spread.
 */
function paired(runs, baseRuns, pick = (r) => r.mbps) {
  const ratios = runs.map((r, i) => pick(r) / pick(baseRuns[i]));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
const spread = (p) => `${f2(p.median)} (${f2(p.min)}–${f2(p.max)})`;

/**
 * The server CPU a case spent against a baseline's, paired per round, as a clause for a target's
 * row: CPU time leaves out the time a server waited for a core, so it tells work the gateway does
 * from how client and server happened to share the cores (it still moves with the page faults and
 * collection storms bench/README.md describes).
 */
function cpuClause(runs, baseRuns, label) {
  if (runs.some((r) => r.cpuMs === undefined) || baseRuns.some((r) => r.cpuMs === undefined)) return '';
  return `; server CPU ${spread(paired(runs, baseRuns, (r) => r.cpuMs))}× ${label}'s`;
}
const cpuCell = (r) => (r.cpu === undefined ? '–' : f2(r.cpu));

/** 64 KiB requests on the fs store against positioned writes + fsync, paired per round (a run before rounds: one). */
function smallFsRows(small) {
  const rounds = small.fsRounds ?? (small.fs ? [{ pwrite: small.pwrite, fs: small.fs }] : []);
  return Object.keys(rounds[0]?.fs ?? {}).map((d) => {
    const p = paired(rounds.map((r) => r.fs[d]), rounds.map((r) => r.pwrite), (r) => r.reqPerSec);
    const req = (pick) => f0(median(rounds.map((r) => pick(r).reqPerSec)));
    return `| 64 KiB chunks on the fs store (fsync), ${d}: ≥ 0.5× positioned writes + fsync per request (${rounds.length} rounds) | ${req((r) => r.fs[d])} vs ${req((r) => r.pwrite)} req/s = ${spread(p)}× | ${check(p.median >= 0.5)} |`;
  });
}

/** Which baseline does the same durability work as a gateway store. */
const LIKE_FOR_LIKE = { fs: 'pwrite', 'fs-nosync': 'pwrite-nosync' };
/** The same, written as a competent engineer would: batched, overlapped writes. */
const BATCHED = { fs: 'batched', 'fs-nosync': 'batched-nosync' };

/** The environment the `rangeway` command sets, as `NAME=value …` ('' when none). */
const envText = (results) => Object.entries(results.launchEnv ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
/** How the `rangeway` command starts Node, as the report names it. */
const launchText = (results) => (envText(results) ? `\`${results.launchFlags}\` and \`${envText(results)}\`` : `\`${results.launchFlags}\``);

export function report(results) {
  const s = Object.fromEntries(Object.entries(results.runs).map(([k, runs]) => [k, summarise(runs, results.sizeBytes)]));
  const b = (kind) => s[`baseline/${kind}`];
  const gw = Object.entries(s).filter(([k]) => !k.startsWith('baseline/'));
  const m = results.machine;

  const baselines = [
    '| baseline (same run) | median MB/s | range | server CPU s/GiB | RSS growth MiB |',
    '|---|---|---|---|---|',
    ...[
      ['(a) bare node:http, counts bytes', 'count'],
      ['(b) node:http, positioned writes + fsync per request', 'pwrite'],
      ['(b0) the same without fsync', 'pwrite-nosync'],
      ['(b+) positioned writes batched to 1 MiB, one in flight while the next is read, background fdatasync every 2 MiB', 'batched'],
      ['(b0+) the same without fsync', 'batched-nosync'],
      [`(b0+) started with the \`rangeway\` command's \`${envText(results)}\``, 'batched-nosync-env'],
      ['(c) @tus/server + @tus/file-store (no fsync), 8 MiB PATCHes', 'tus'],
      ["(m) a lean in-memory store: keeps each body's chunks as they arrived", 'memory'],
      ['(h) (b+) hashing as Box must, on the main thread: SHA-1 of each 8 MiB part and of the whole file', 'hash-box'],
      ['(h) (b+) hashing as DeOSS must: SHA-256 of every byte, 10 MiB chunks', 'hash-deoss'],
    ]
      .filter(([, kind]) => b(kind))
      .map(([label, kind]) => `| ${label} | ${f0(b(kind).mbps)} | ${f0(b(kind).min)}-${f0(b(kind).max)} | ${cpuCell(b(kind))} | ${f1(b(kind).growth / MiB)} |`),
  ];

  const vs = (key, kind) => paired(results.runs[key], results.runs[`baseline/${kind}`]);
  const cpuVs = (key, kind, label) => cpuClause(results.runs[key], results.runs[`baseline/${kind}`], label);
  /** A target against a lean baseline, judged on the `rangeway` command; the same case started by `node` alone beside it, when it ran. */
  const leanTarget = (target, key, kind, label, goal) => {
    const bareKey = `${key}${BARE}`;
    const own = vs(key, kind);
    const bare = results.runs[bareKey] && vs(bareKey, kind);
    const bareText = bare ? `. Started without ${launchText(results)}: ${spread(bare)}${cpuVs(bareKey, kind, label)}` : '';
    const bareCheck = bare ? ` (without them: ${check(bare.median >= goal)})` : '';
    // the baseline given the same environment, where it ran: what that setting gives any Node server
    const alike = results.runs[`baseline/${kind}-env`];
    const alikeText = alike ? `. Against ${label} started with the same environment: ${spread(paired(results.runs[key], alike))}${cpuClause(results.runs[key], alike, label)}` : '';
    return `| ${target} | ${spread(own)}${cpuVs(key, kind, label)}${alikeText}${bareText} | ${check(own.median >= goal)}${bareCheck} |`;
  };
  const rows = gw.map(([key, r]) => {
    const store = key.split('/')[1];
    const like = LIKE_FOR_LIKE[store];
    const likeRatio = like ? vs(key, like) : undefined;
    const tusRatio = vs(key, 'tus');
    const batched = BATCHED[store] && results.runs[`baseline/${BATCHED[store]}`] ? vs(key, BATCHED[store]) : undefined;
    const vsLike = likeRatio?.median;
    const vsTus = tusRatio.median;
    const verdict = like
      ? `${check(vsLike >= 0.8)} / ${check(vsTus >= 1.0)}${store === 'fs' ? ' (tus: no fsync)' : ''}`
      : store === 'memory'
        ? '(memory store)'
        : '(see targets)';
    return `| ${key} | ${f0(r.mbps)} | ${f0(r.min)}-${f0(r.max)} | ${cpuCell(r)} | ${f2(vs(key, 'count').median)} | ${likeRatio ? `${spread(likeRatio)} (${like === 'pwrite' ? 'b' : 'b0'})` : '–'} | ${batched ? spread(batched) : '–'} | ${spread(tusRatio)} | ${f1(r.growth / MiB)} | ${f1(r.finalMs)} | ${verdict} |`;
  });
  const uploads = [
    `| upload (${results.sizeBytes / MiB} MiB) | median MB/s | range | server CPU s/GiB | × (a) | × (b) like-for-like | × (b+) batched, like-for-like | × (c) tus | RSS growth MiB | final/commit ms | ≥0.8×(b) / ≥1.0×(c) |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];

  const ratiosOf = (store, to) => gw.filter(([k]) => k.endsWith(`/${store}`)).map(([k]) => [k, vs(k, to).median]);
  const worst = (pairs) => pairs.reduce((w, p) => (w && w[1] <= p[1] ? w : p), undefined);
  const line = (label, pairs, min) => {
    const w = worst(pairs);
    return w ? `| ${label} | lowest ${f2(w[1])}× (${w[0]}) | ${check(w[1] >= min)} |` : `| ${label} | not run | – |`;
  };
  // every one-request-at-a-time upload on the fs store, signed DeOSS too (Box's parallel parts hold several bodies at once)
  const fsRuns = Object.entries(results.runs).filter(([k]) => /\/fs(-nosync)?(,| signed|$)/.test(k));
  const [maxKey, maxGrowth] = fsRuns
    .map(([k, runs]) => [k, Math.max(...runs.map((r) => r.rss.growth))])
    .reduce((m, c) => (c[1] > m[1] ? c : m), ['64 MiB chunks', results.bigChunks.rss.growth]);
  const box = s['box/fs'];
  const small = results.smallChunks;
  const targets = [
    '| target | measured | result |',
    '|---|---|---|',
    line('throughput ≥ 0.8× (b), every dialect, fs store with fsync (default)', ratiosOf('fs', 'pwrite'), 0.8),
    line('throughput ≥ 0.8× (b0), every dialect, fs store without fsync', ratiosOf('fs-nosync', 'pwrite-nosync'), 0.8),
    line('throughput ≥ 1.0× @tus/server, like for like (fs store without fsync)', ratiosOf('fs-nosync', 'tus'), 1.0),
    ...(s['clickhelp/fs-nosync'] && b('batched-nosync')
      ? [leanTarget('ClickHelp (no digest work) without fsync ≥ 0.95× the lean batched-write server (b0+)', 'clickhelp/fs-nosync', 'batched-nosync', '(b0+)', 0.95)]
      : []),
    ...(b('memory') && s['clickhelp/memory']
      ? [leanTarget('memory store ≥ 0.8× a lean keep-the-chunks store (m), ClickHelp (no digest work)', 'clickhelp/memory', 'memory', '(m)', 0.8)]
      : []),
    ...[
      ['box', 'hash-box'],
      ['deoss', 'hash-deoss'],
    ]
      .filter(([d, kind]) => b(kind) && s[`${d}/fs`])
      .map(([d, kind]) => leanTarget(`${d === 'box' ? 'Box' : 'DeOSS'} on the fs store ≥ 0.9× the lean hash-and-write server (h)`, `${d}/fs`, kind, '(h)', 0.9)),
    ...(b('batched') ? [line('throughput against batched writes with fsync (b+), every dialect, fs store', ratiosOf('fs', 'batched'), 0).replace('| met |', '| (reported) |')] : []),
    line('throughput ≥ 1.0× @tus/server, gateway fsyncing and tus not', ratiosOf('fs', 'tus'), 1.0),
    `| RSS growth < 64 MiB over a ${results.sizeBytes / MiB} MiB upload on the fs store, any chunk size | max ${f1(maxGrowth / MiB)} MiB (${maxKey}; 64 MiB chunks: ${f1(results.bigChunks.rss.growth / MiB)} MiB) | ${check(maxGrowth < 64 * MiB)} |`,
    box
      ? `| Box commit of the whole file (parts in order) < 50 ms | median ${f1(box.finalMs)} ms, max ${f1(box.finalMax)} ms | ${check(box.finalMs < 50)} |`
      : '| Box commit < 50 ms | not run | – |',
    ...[4, 8, 16].filter((n) => box && s[`box/fs ×${n}`]).map((n) => {
      const r = s[`box/fs ×${n}`];
      const ratio = r.mbps / box.mbps;
      const goal = n === 8 ? ` | ${check(ratio >= 0.9 && r.finalMs < 100)} |` : ' | (reported) |';
      return `| Box, ${n} parts in flight${n === 8 ? ': ≥ 0.9× sequential, commit < 100 ms' : ''} | ${f0(r.mbps)} MB/s = ${f2(ratio)}× sequential; commit median ${f1(r.finalMs)} ms, max ${f1(r.finalMax)} ms${goal}`;
    }),
    ...['eos', 'deoss'].filter((d) => s[`${d}/fs`]).map((d) => `| ${d === 'eos' ? 'EOS final piece incl. whole-file Adler-32' : 'DeOSS final chunk incl. the fid over the whole file'} | median ${f1(s[`${d}/fs`].finalMs)} ms | (reported) |`),
    ...(small.deossSigned
      ? [`| DeOSS 64 KiB chunks, every chunk signed (sr25519) vs unsigned | ${f0(small.deossSigned.reqPerSec)} vs ${f0(small.deoss.reqPerSec)} req/s = ${f2(small.deossSigned.reqPerSec / small.deoss.reqPerSec)}× | (reported) |`]
      : []),
    ...(s['deoss/fs signed'] && s['deoss/fs']
      ? [`| DeOSS 10 MiB chunks on the fs store, signed vs unsigned | ${f0(s['deoss/fs signed'].mbps)} vs ${f0(s['deoss/fs'].mbps)} MB/s = ${f2(s['deoss/fs signed'].mbps / s['deoss/fs'].mbps)}× | (reported) |`]
      : []),
    ...smallFsRows(small),
    `| 64 KiB chunks: requests/s vs bare node:http | ${f0(small.gateway.reqPerSec)} vs ${f0(small.count.reqPerSec)} = ${f2(small.gateway.reqPerSec / small.count.reqPerSec)}× | (reported) |`,
    results.boot
      ? `| start-up of the fs store with ${results.openSessions} open sessions < 500 ms (after a clean stop) | ${f0(results.boot.fullMs)} ms; after a kill ${f0(results.boot.killedMs)} ms; empty data dir ${f0(results.boot.emptyMs)} ms (medians of ${results.boot.starts}) | ${check(results.boot.fullMs < 500)} |`
      : '| start-up with open sessions | not run | – |',
    `| status query p99 < 5 ms with ${results.openSessions} open sessions | p50 ${f2(results.status.p50)} ms, p99 ${f2(results.status.p99)} ms | ${check(results.status.p99 < 5)} |`,
    ...(results.parts ? partCostReport(results.parts) : []),
  ];

  return [
    '# Benchmarks',
    '',
    'Latest `npm run bench` (written by bench/run.mjs; raw figures in bench/results/latest.json).',
    '',
    `Machine: ${m.cpus} × ${m.cpu}, ${m.memGiB} GiB RAM, Node ${m.node}, ext4 on a virtual disk; client and server share the cores over loopback. ` +
      `Each server runs in its own process; every chunk is sent in order, one request at a time, except in the \`box/fs ×N\` rows (N parts in flight, as Box's SDKs send a big file). ` +
      `Each upload ran ${results.rounds} times, the rounds interleaved, ${results.warmupBytes ? `each fresh server taking a ${results.warmupBytes / 2 ** 20} MiB warm-up upload from the same client first (its hot path then compiled, as in a server that has been running; RSS growth counts from before it, once the server's RSS has held still for 150 ms: a gateway starts its hashing thread after it listens)` : 'each server answering one warm-up request first'}; MB/s are medians (the range shows the spread), as is the server's CPU time per GiB (user and system, all its threads, over the measured upload, from /proc: unlike MB/s it leaves out the time the server waited for a core); ratios are paired per round, the median of the per-round ratios (lowest–highest in brackets). ` +
      `The whole run took ${results.seconds} s.`,
    '',
    'The fs store fsyncs before it answers (`--fsync always`, the default), as baseline (b) does; @tus/file-store never fsyncs, nor does (b0), so the `fs-nosync` rows (`--fsync never`) are the like-for-like comparison with them.',
    '',
    // results from before the gateways were started by the rangeway command do not say so
    ...(results.launchFlags === undefined
      ? []
      : [`Every gateway is started as users start it, by the \`rangeway\` command (\`npx rangeway serve\`, \`npm start\`), which runs Node with ${launchText(results)} (README.md, "Runtimes"); the baselines are started by \`node\` alone, except the one row that says otherwise.`]),
    ...(Object.keys(results.runs).some((k) => k.endsWith(BARE))
      ? ['', `Rows ending \`${BARE}\` are the same case with the gateway started by \`node apps/gateway/dist/cli.js serve\`, without the command's launch settings (as \`startGateway()\` runs in a \`node\` process started without them); the targets are judged on the \`rangeway\` command, with these figures beside them.`]
      : []),
    '',
    ...baselines,
    '',
    ...uploads,
    '',
    ...targets,
    '',
    ...concurrencyReport(results.concurrency, results.warmupBytes),
  ].join('\n');
}
