import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RUNTIMES, serve } from '../runtimes/harness';

// Each dialect README's shell example, run as written with bash in an empty directory, against the
// built gateway started with the flags its `# gateway: rangeway serve …` line names. Only the port
// changes: 8080 becomes a free one.
const ROOT = join(__dirname, '..', '..', '..', '..');
const node = RUNTIMES.find((r) => r.name === 'node')!;

/** The README's first sh block that names its gateway, and those serve flags. */
function example(pkg: string): { script: string; flags: string[] } {
  const readme = readFileSync(join(ROOT, 'packages', pkg, 'README.md'), 'utf8');
  for (const [, block] of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const m = /^# gateway: rangeway serve(.*)$/m.exec(block!);
    if (m) return { script: block!, flags: m[1]!.trim().split(/\s+/).filter(Boolean) };
  }
  throw new Error(`${pkg}/README.md has no sh block with a "# gateway: rangeway serve" line`);
}

it.each([
  ['eos-compat', /^identical$/m],
  ['deoss-compat', /^identical$/m],
  ['clickhelp-compat', /"size":25000000/],
])('%s README example runs as written', async (pkg, expected) => {
  const { script, flags } = example(pkg);
  const { url, stop } = await serve(node, ['--store', 'memory', ...flags]);
  const dir = mkdtempSync(join(tmpdir(), `rangeway-${pkg}-`));
  try {
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script.replaceAll('http://127.0.0.1:8080', url)], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/curl: \(\d+\)|differ/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stop();
  }
}, 90_000);
