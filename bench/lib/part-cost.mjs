// Per-request cost as an upload's part list grows: sessions take small writes (a part record
// each, as Box keeps them), timed in-process through the engine, so only the cost that depends
// on the number of parts is left (no HTTP, no body size). Compares writes 201-400 of one session
// with writes 3,801-4,000 of another, on the memory store and on the fs store (without fsync: disk
// flush times would drown the difference; with fsync each write is one append whatever the part
// count).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Uploads, createMemoryStorage, pureHashers, streamOfBytes } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const WINDOW = 200;

/**
 * Writes to two sessions of one store: `short` has WINDOW parts, `long` PARTS - WINDOW. Then
 * their next WINDOW writes are timed in turn, write for write (the order swapped every write), so
 * whatever slows the machine meanwhile (a collection, a neighbour) slows both windows alike; and
 * both are timed after the same thousands of writes, with the code optimized throughout.
 */
async function costs(storage, parts) {
  const up = new Uploads({ storage, hashers: pureHashers });
  const body = new Uint8Array(16);
  const open = (target) => up.create({ namespace: 'bench', target, total: parts * body.length });
  const write = async (s, i) => {
    const t0 = performance.now();
    await up.receive(s.id, { start: i * 16, end: (i + 1) * 16, body: streamOfBytes(body), partId: `p${i}` });
    return performance.now() - t0;
  };
  const short = await open('short.bin');
  const long = await open('long.bin');
  for (let i = 0; i < WINDOW; i++) await write(short, i);
  for (let i = 0; i < parts - WINDOW; i++) await write(long, i);
  const first = [];
  const last = [];
  for (let i = 0; i < WINDOW; i++) {
    if (i % 2) last.push(await write(long, parts - WINDOW + i));
    first.push(await write(short, WINDOW + i));
    if (!(i % 2)) last.push(await write(long, parts - WINDOW + i));
  }
  return { first: median(first), last: median(last) };
}

async function round(parts) {
  const memory = await costs(createMemoryStorage(), parts);
  const dir = mkdtempSync(join(tmpdir(), 'rangeway-bench-parts-'));
  try {
    const storage = await openFsStorage({ dir, fsync: 'never' });
    const fs = await costs(storage, parts);
    await storage.close();
    return { memory, fs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `rounds` rounds, each timing both stores; ratios are paired within a round. */
export async function partCost(parts, rounds = 5) {
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
