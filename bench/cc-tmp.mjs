import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concurrencyCases, concurrentUploads, concurrencyReport } from './lib/concurrency.mjs';
import { startServer } from './lib/procs.mjs';
import { send } from './lib/http.mjs';
const CLI = '../apps/gateway/dist/cli.js';
const STORES = { fs: ['--store', 'fs', '--fsync', 'always'], 'fs-nosync': ['--store', 'fs', '--fsync', 'never'] };
const runs = {};
const only = process.env.ONLY?.split(',');
for (const c of concurrencyCases(Number(process.env.T ?? 64 * 1024 * 1024))) {
  if (only && !only.includes(c.key)) continue;
  const dir = mkdtempSync(join(tmpdir(), 'rw-cc-'));
  const args = c.server === 'tus' ? ['servers/baseline.mjs', 'tus', dir] : [CLI, 'serve', '--port', '0', ...STORES[c.server], '--data-dir', dir, '--admin', 'off'];
  const s = await startServer(args);
  await send(`${s.url}/`);
  (runs[c.key] ??= []).push(await concurrentUploads(s.url, c));
  console.error(c.key, JSON.stringify(runs[c.key][0]));
  await s.stop(); rmSync(dir, { recursive: true, force: true });
}
