#!/usr/bin/env node
// Packs every publishable workspace (those not marked private) as npm would publish it:
//   node scripts/pack.mjs [destination]     (default ./rangeway-packages; build first)
// Prints the tarball paths, one per line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dest = resolve(process.argv[2] ?? join(root, 'rangeway-packages'));
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const names = [];
for (const pattern of workspaces) {
  const dir = pattern.endsWith('/*') ? pattern.slice(0, -2) : undefined;
  const dirs = dir ? execFileSync('ls', [join(root, dir)], { encoding: 'utf8' }).split('\n').filter(Boolean).map((d) => join(dir, d)) : [pattern];
  for (const d of dirs) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(root, d, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!pkg.private) names.push(pkg.name);
  }
}
mkdirSync(dest, { recursive: true });
const out = execFileSync('npm', ['pack', '--json', ...names.map((n) => `--workspace=${n}`), '--pack-destination', dest], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
for (const p of JSON.parse(out)) console.log(join(dest, p.filename));
