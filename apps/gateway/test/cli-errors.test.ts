import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/index';

// The command as npm links it: bin/rangeway.js, which loads the built CLI.
const BIN = join(__dirname, '..', 'bin', 'rangeway.js');
const ROOT = join(__dirname, '..', '..', '..');
let scratch: string;
beforeAll(async () => (scratch = await mkdtemp(join(tmpdir(), 'rangeway-cli-errors-'))));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: scratch, env: { ...process.env, ...env }, timeout: 20_000 });

/** One line on stderr, exit 1, no stack trace. */
function expectOneLine(r: ReturnType<typeof run>, pattern: RegExp): void {
  expect(r.status).toBe(1);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.trimEnd()).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('rangeway command', () => {
  it('is linked by npm install, before anything is built', () => {
    expect(existsSync(join(ROOT, 'node_modules', '.bin', 'rangeway'))).toBe(true);
  });

  it('prints its version with `rangeway version` and --version', () => {
    for (const args of [['version'], ['--version']]) {
      const r = run(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
    }
  });

  it('names the data dir it cannot use, in one line', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    expectOneLine(run(['serve', '--port', '0', '--data-dir', join(file, 'sub')]), /^rangeway: --data-dir .*a-file\/sub: cannot use it as the data directory: a part of the path is a file, not a directory \(ENOTDIR\)$/);
  });

  it('explains a bad --fault rule in one line', () => {
    expectOneLine(run(['serve', '--store', 'memory', '--port', '0', '--fault', '{"action":"explode"}']), /^rangeway: invalid --fault rule: .*action/);
    expectOneLine(run(['serve', '--store', 'memory', '--port', '0', '--fault', '{not json']), /--fault: not valid JSON/);
  });

  it('says which flag needs a value, and names a bad RANGEWAY_ variable', () => {
    expectOneLine(run(['serve', '--box-tokens']), /^rangeway: invalid configuration: --box-tokens needs a value$/);
    expectOneLine(run(['serve', '--store', 'memory'], { RANGEWAY_PORT: 'eighty' }), /RANGEWAY_PORT: .*\(got "eighty"\)/);
    expectOneLine(run(['serve', '--admin-token', 'short']), /--admin-token: the admin token needs at least 8 characters/);
  });

  it('warns about an unknown RANGEWAY_ variable and does not blame a flag', () => {
    const r = run(['serve', '--help'], { RANGEWAY_FOO: '1' });
    expect(r.status).toBe(0);
    const started = run(['serve', '--store', 'memory', '--port', 'x'], { RANGEWAY_FOO: '1' });
    expect(started.stderr).toContain('rangeway: ignoring RANGEWAY_FOO: no such option (see --help)');
    expect(started.stderr).not.toContain('--foo');
  });

  it('lists the admin token minimum in --help', () => {
    expect(run(['serve', '--help']).stdout).toMatch(/--admin-token .*at least 8 characters/);
  });
});
