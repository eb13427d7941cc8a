// Streams N MiB (default 1024) into a blob through the fs store under each fsync policy and
// prints MiB/s: once as one streamed write (one long request), once as 1 MiB writes (a chunked
// upload: one fsync per request under `always`/`batch`). Uses the built package:
//   npm run build && node packages/fs-store/bench/write-throughput.mjs [MiB] [dir]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFsStorage } from '@rangeway/fs-store';

const MIB = Number(process.argv[2] ?? 1024);
const base = process.argv[3] ?? tmpdir();
const CHUNK = 64 * 1024; // what Node's HTTP server hands a request body in
const chunk = new Uint8Array(CHUNK).map((_, i) => (i * 7) & 255);

async function* body(bytes) {
  for (let sent = 0; sent < bytes; sent += CHUNK) yield chunk.slice(0, Math.min(CHUNK, bytes - sent));
}

async function run(fsync, requestMiB) {
  const dir = await mkdtemp(join(base, 'rangeway-bench-'));
  const storage = await openFsStorage({ dir, fsync });
  const total = MIB * 1024 * 1024;
  const step = requestMiB === 0 ? total : requestMiB * 1024 * 1024;
  const t0 = process.hrtime.bigint();
  for (let at = 0; at < total; at += step) await storage.blobs.write('uploads/bench', at, body(Math.min(step, total - at)));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await storage.close();
  await rm(dir, { recursive: true, force: true });
  return `${(MIB / s).toFixed(0).padStart(5)} MiB/s (${s.toFixed(2)} s)`;
}

for (const round of [1, 2])
  for (const fsync of ['always', 'batch', 'never']) {
    const whole = await run(fsync, 0);
    const chunked = await run(fsync, 1);
    console.log(`round ${round} fsync ${fsync.padEnd(6)} ${MIB} MiB: one stream ${whole} | 1 MiB writes ${chunked}`);
  }
