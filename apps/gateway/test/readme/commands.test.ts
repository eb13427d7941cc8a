import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// Every `npx rangeway …`, `curl` and `npm run …` line of the README's shell blocks (after the two
// set-up commands), run as written from inside the clone, with any leading `NAME=value` in its
// environment. Only the port changes: 8080 becomes a free one, so the test never collides with a
// gateway the developer has running.
const ROOT = join(__dirname, '..', '..', '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CWD = join(__dirname, '..', '..', 'test-results', 'readme-cwd');
mkdirSync(CWD, { recursive: true });
afterAll(() => rmSync(CWD, { recursive: true, force: true }));

const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].slice(1).map((m) =>
  m[1]!
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean),
);
const commands = blocks.flat();
const words = (line: string) => line.split(/\s+/);
const ASSIGNMENT = /^[A-Z_][A-Z0-9_]*=\S*$/;
/** The line without its leading environment assignments, and those as an env. */
function command(line: string): { args: string[]; env: Record<string, string> } {
  const all = words(line);
  const at = all.findIndex((w) => !ASSIGNMENT.test(w));
  const env = Object.fromEntries(all.slice(0, at).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { args: all.slice(at), env };
}
const bare = (line: string) => command(line).args.join(' ');

it('the README shows the commands this test runs', () => {
  expect(commands).toEqual(expect.arrayContaining(['npx rangeway serve --store memory', 'npx rangeway version', 'npm run package']));
  expect(commands.filter((c) => !/^(npx rangeway|curl|npm run) /.test(bare(c)))).toEqual([]);
});

function serve(line: string): Promise<{ child: ChildProcess; url: string }> {
  const { args: given, env } = command(line);
  const args = given.map((w) => (w === '8080' ? '0' : w));
  const child = spawn(args[0]!, args.slice(1), { cwd: CWD, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, RANGEWAY_PORT: '0' } });
  return new Promise((resolve, reject) => {
    let out = '';
    const seen = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${line} exited ${code}: ${out}`)));
  });
}

for (const line of commands.filter((c) => bare(c).startsWith('npx rangeway serve'))) {
  it(`runs: ${line}`, async () => {
    const { child, url } = await serve(line);
    try {
      for (const curl of commands.filter((c) => c.startsWith('curl '))) {
        const out = execFileSync('curl', ['-sS', ...words(curl).slice(1).map((w) => w.replace('http://127.0.0.1:8080', url))], { encoding: 'utf8' });
        expect(JSON.parse(out)).toMatchObject({ status: 'ok' });
      }
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
}

for (const line of commands.filter((c) => /^(npx rangeway (?!serve)|npm run )/.test(bare(c)))) {
  it(`runs: ${line}`, () => {
    const { args: [cmd, ...args], env } = command(line);
    const out = execFileSync(cmd!, args, { cwd: cmd === 'npm' ? ROOT : CWD, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(out.length).toBeGreaterThan(0);
  }, 120_000);
}
