// The S3 + PostgreSQL store against a bare PutObject proxy on the same radosgw, in the same run:
// per-dialect throughput (paired per-round ratios), 8 concurrent uploads through 1 and through
// 2 instances, and the commit of one large Box upload. Needs DATABASE_URL and S3_* (the services
// script's env file).
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsObjectStore } from '@rangeway/s3-store';
import postgres from 'postgres';
import { clients } from './clients.mjs';
import { RANGEWAY, startServer } from './procs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const env = process.env;

export const s3Available = () => Boolean(env.DATABASE_URL && env.S3_ENDPOINT);

const CHUNK = { box: 8 * MiB, eos: 8 * MiB, deoss: 10 * MiB, clickhelp: 10 * MiB };
const FLAGS = ['--box-min-file-size', '1', '--deoss-auth', 'off', '--deoss-territories', 'bench:1099511627776', '--admin', 'off', '--log-level', 'warn'];
const s3Env = { AWS_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY };
const objects = () =>
  new AwsObjectStore({ endpoint: env.S3_ENDPOINT, bucket: env.S3_BUCKET ?? 'rangeway', accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** A fresh key prefix and database schema, removed afterwards, for `instances` gateways or the baseline (hashing as `hash` says). */
async function withTarget(instances, fn, hash) {
  const tag = randomBytes(4).toString('hex');
  const prefix = `bench-${tag}/`;
  const schema = `bench_${tag}`;
  const args = [RANGEWAY, 'serve', '--port', '0', '--store', 's3', '--s3-endpoint', env.S3_ENDPOINT, '--s3-bucket', env.S3_BUCKET ?? 'rangeway',
    '--s3-prefix', prefix, '--database-url', env.DATABASE_URL, '--database-schema', schema, ...FLAGS];
  const servers = [];
  try {
    for (let i = 0; i < instances; i++) servers.push(await startServer(args, s3Env));
    if (instances === 0) servers.push(await startServer([join(HERE, '..', 'servers', 's3-put.mjs'), prefix, ...(hash ? [hash] : [])]));
    return await fn(servers.map((s) => s.url), schema);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    const store = objects();
    const keys = [];
    for await (const o of store.list(prefix)) keys.push(o.key);
    for (let i = 0; i < keys.length; i += 1000) await store.delete(keys.slice(i, i + 1000));
    const sql = postgres(env.DATABASE_URL, { onnotice: () => undefined });
    await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => sql.end());
  }
}

/** One upload of `size` bytes through `client` (in `like`'s chunks); MB/s and its final request's time. */
async function once(instances, client, size, { like = client, hash } = {}) {
  return withTarget(
    instances,
    async ([url]) => {
      const r = await clients[client](url, { size, chunkSize: CHUNK[like] ?? 8 * MiB, name: `s3-${client}.bin` });
      return { mbps: mbps(size, r.ms), finalMs: r.finalMs };
    },
    hash,
  );
}

/** the dialects that must hash every byte, measured against a proxy that hashes alike */
const HASHING = ['box', 'deoss'];

/** One Box upload, then how long after the commit's answer the file became one object. */
async function bigBox(size) {
  return withTarget(1, async ([url], schema) => {
    const r = await clients.box(url, { size, name: 'big.bin' });
    const answered = performance.now();
    const sql = postgres(env.DATABASE_URL, { onnotice: () => undefined, connection: { search_path: schema } });
    try {
      while ((await sql`SELECT count(*)::int AS n FROM rw_blobs WHERE seal_at IS NOT NULL`)[0].n > 0) await new Promise((res) => setTimeout(res, 50));
    } finally {
      await sql.end();
    }
    return { mbps: mbps(size, r.ms), finalMs: r.finalMs, sealMs: performance.now() - answered };
  });
}

/** `count` Box uploads at once, spread over the instances; aggregate MB/s. */
async function concurrent(instances, count, size) {
  return withTarget(instances, async (urls) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => clients.box(urls[i % urls.length], { size, name: `c${i}.bin` })));
    return mbps(count * size, performance.now() - t0);
  });
}

/** Sizes and rounds from BENCH_S3_SIZE, BENCH_S3_CONCURRENT_SIZE, BENCH_S3_BIG_SIZE, BENCH_ROUNDS. */
export function s3Options() {
  return {
    size: Number(env.BENCH_S3_SIZE ?? 256 * MiB),
    rounds: Number(env.BENCH_ROUNDS ?? 3),
    concurrentSize: Number(env.BENCH_S3_CONCURRENT_SIZE ?? 32 * MiB),
    bigSize: Number(env.BENCH_S3_BIG_SIZE ?? 1024 * MiB),
  };
}

/**
 * Runs the S3 cases. Options: size per dialect upload, rounds, concurrent upload size, the big
 * Box upload's size; `log` reports progress.
 */
export async function runS3Bench({ size, rounds, concurrentSize, bigSize, log }) {
  const dialects = Object.keys(CHUNK);
  const runs = { base: [], ...Object.fromEntries(HASHING.map((d) => [`base+${d}`, []])), ...Object.fromEntries(dialects.map((d) => [d, []])) };
  for (let round = 1; round <= rounds; round++) {
    log(`s3 round ${round} of ${rounds}: ${dialects.length + HASHING.length + 1} uploads of ${size / MiB} MiB`);
    runs.base.push(await once(0, 'count', size));
    for (const d of HASHING) runs[`base+${d}`].push(await once(0, 'count', size, { like: d, hash: d }));
    for (const d of dialects) runs[d].push(await once(1, d, size));
  }
  const scale = { one: [], two: [] };
  for (let round = 1; round <= rounds; round++) {
    log(`s3 round ${round} of ${rounds}: 8 concurrent Box uploads of ${concurrentSize / MiB} MiB, 1 then 2 instances`);
    scale.one.push(await concurrent(1, 8, concurrentSize));
    scale.two.push(await concurrent(2, 8, concurrentSize));
  }
  log(`s3: one Box upload of ${bigSize / MiB} MiB, then its commit`);
  const big = await bigBox(bigSize);
  return { size, rounds, concurrentSize, bigSize, runs, scale, big };
}

const f0 = (x) => x.toFixed(0);
const f2 = (x) => x.toFixed(2);

/** The BENCHMARKS.md section of an S3 run. */
export function s3Report(r) {
  const perRound = (xs, ys) => xs.map((x, i) => x / ys[i]);
  const base = r.runs.base.map((x) => x.mbps);
  const spread = (ratios) => `${f2(median(ratios))}× (${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))})`;
  const rows = Object.entries(r.runs)
    .filter(([k]) => !k.startsWith('base'))
    .map(([d, runs]) => {
      const vsBare = perRound(runs.map((x) => x.mbps), base);
      const alike = r.runs[`base+${d}`]?.map((x) => x.mbps);
      const vsAlike = alike && perRound(runs.map((x) => x.mbps), alike);
      const m = median(vsAlike ?? vsBare);
      const final = median(runs.map((x) => x.finalMs));
      return `| ${d} | ${f0(median(runs.map((x) => x.mbps)))} | ${f0(final)} | ${spread(vsBare)} | ${vsAlike ? spread(vsAlike) : '–'} | ${m >= 0.8 ? 'met' : 'NOT met'} |`;
    });
  const alikeRows = HASHING.filter((d) => r.runs[`base+${d}`]?.length).map((d) => `| PutObject proxy hashing as ${d} must | ${f0(median(r.runs[`base+${d}`].map((x) => x.mbps)))} | | | 1 | |`);
  const scaleRatios = perRound(r.scale.two, r.scale.one);
  return [
    `Each case uploads ${r.size / MiB} MiB in the dialect's natural chunk size to \`rangeway serve --store s3\` (one instance, radosgw + PostgreSQL from \`scripts/services/services.sh\`), ${r.rounds} interleaved rounds. The baseline streams the same requests into the same radosgw with one PutObject each (\`bench/servers/s3-put.mjs\`); for Box and DeOSS, which must hash every byte, the same proxy also hashes as they must (Box: each part's SHA-1 and the file's; DeOSS: the file's SHA-256), in their chunk sizes, and the goal is against that. Ratios are paired per round: median (lowest–highest).`,
    '',
    '| case | median MB/s | final request (commit) ms | vs bare PutObject | vs PutObject hashing alike | goal ≥ 0.8× |',
    '|---|---|---|---|---|---|',
    `| bare PutObject proxy | ${f0(median(base))} | | 1 | | |`,
    ...alikeRows,
    ...rows,
    '',
    `8 concurrent Box uploads of ${r.concurrentSize / MiB} MiB, spread over the instances: one instance ${f0(median(r.scale.one))} MB/s, two instances ${f0(median(r.scale.two))} MB/s in aggregate: ${f2(median(scaleRatios))}× (${f2(Math.min(...scaleRatios))}–${f2(Math.max(...scaleRatios))}). Both instances share this 2-core machine with radosgw and PostgreSQL, so a second instance brings no extra CPU here: the ratio measures the cost of sharing one bucket and one database, not how far the store scales on separate machines.`,
    '',
    `One Box upload of ${r.bigSize / MiB} MiB: ${f0(r.big.mbps)} MB/s. Its commit answered in ${f0(r.big.finalMs)} ms (the whole-file SHA-1 had followed the parts; the file is readable at once through its parts). Sealing it into one object in the background (UploadPartCopy of every part) took ${f0(r.big.sealMs)} ms more.`,
  ].join('\n');
}

const START = '<!-- s3:start -->';
const END = '<!-- s3:end -->';

/** `markdown` with its S3 section replaced by `section` (or appended); a missing section keeps `previous`'s. */
export function spliceS3(markdown, section, previous = '') {
  const old = previous.includes(START) ? previous.slice(previous.indexOf(START), previous.indexOf(END) + END.length) : '';
  const block = section !== undefined ? `${START}\n## S3 + PostgreSQL store\n\n${section}\n${END}` : old;
  if (!block) return markdown;
  if (markdown.includes(START)) return markdown.slice(0, markdown.indexOf(START)) + block + markdown.slice(markdown.indexOf(END) + END.length);
  return `${markdown.trimEnd()}\n\n${block}\n`;
}
