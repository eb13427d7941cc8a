// Per-request cost as an upload's part list grows: one session takes PARTS small writes (a part
// record each, as Box keeps them), timed in-process through the engine, so only the cost that
// depends on the number of parts is left (no HTTP, no body size). Compares the first writes
// with the last ones, on the memory store and on the fs store (without fsync: disk flush times
// would drown the difference; with fsync each write is one append whatever the part count).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Uploads, createMemoryStorage, pureHashers, streamOfBytes } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const WINDOW = 200;

async function costs(storage, parts) {
  const up = new Uploads({ storage, hashers: pureHashers });
  const body = new Uint8Array(16);
  const s = await up.create({ namespace: 'bench', target: 'parts.bin', total: parts * body.length });
  const ms = [];
  for (let i = 0; i < parts; i++) {
    const t0 = performance.now();
    await up.receive(s.id, { start: i * 16, end: (i + 1) * 16, body: streamOfBytes(body), partId: `p${i}` });
    ms.push(performance.now() - t0);
  }
  // the first window warms the code up; the second is the baseline
  return { first: median(ms.slice(WINDOW, 2 * WINDOW)), last: median(ms.slice(-WINDOW)) };
}

async function round(parts) {
  // a throwaway session of the same size first on each store: the measured one runs with its
  // code optimized throughout, so its first window is not slowed by compilation (a shorter
  // warm-up left it ~2x slower, hiding growth of the same size)
  await costs(createMemoryStorage(), parts);
  const memory = await costs(createMemoryStorage(), parts);
  const dir = mkdtempSync(join(tmpdir(), 'rangeway-bench-parts-'));
  try {
    const storage = await openFsStorage({ dir, fsync: 'never' });
    await costs(storage, parts);
    const fs = await costs(storage, parts);
    await storage.close();
    return { memory, fs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `rounds` rounds, each timing both stores; ratios are paired within a round. */
export async function partCost(parts, rounds = 3) {
  const out = [];
  for (let i = 0; i < rounds; i++) out.push(await round(parts));
  return { parts, window: WINDOW, rounds: out };
}

export function partCostReport(r) {
  const row = (label, store) => {
    const cs = r.rounds.map((x) => x[store]);
    const ratios = cs.map((c) => c.last / c.first);
    const ratio = median(ratios);
    const first = median(cs.map((c) => c.first));
    const last = median(cs.map((c) => c.last));
    const per1000 = ((last - first) / (r.parts - 2 * r.window)) * 1000;
    const spread = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
    return `| per-request cost constant in the number of parts, ${label}: writes ${r.parts - r.window + 1}–${r.parts} ≤ 1.25× writes ${r.window + 1}–${2 * r.window} | ${first.toFixed(3)} → ${last.toFixed(3)} ms = ${ratio.toFixed(2)}× (${spread}; ${signed(per1000, 3)} ms per 1,000 parts), ${r.rounds.length} rounds | ${ratio <= 1.25 ? 'met' : 'NOT met'} |`;
  };
  return [row('memory store', 'memory'), row('fs store (no fsync)', 'fs')];
}

/** `x` to `digits` places with its sign, + for what rounds to zero: "+0.004", "−0.002", "+0.000". */
const signed = (x, digits) => {
  const v = Number(x.toFixed(digits));
  return `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(digits)}`;
};
