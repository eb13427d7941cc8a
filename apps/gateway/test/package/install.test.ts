import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

// The publishable packages, packed as npm would publish them and installed into an empty
// project: `npx rangeway serve` runs there and a vitest test imports the gateway.
const ROOT = join(__dirname, '..', '..', '..', '..');
const VITEST = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vitest', 'package.json'), 'utf8')) as { version: string }).version;

let scratch: string;
let project: string;
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'rangeway-install-'));
  const tarballs = join(scratch, 'tarballs');
  project = join(scratch, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  // the README's `npm run package` without the build step (turbo built everything before the tests)
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack.mjs'), tarballs], { stdio: 'ignore' });
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  expect(files.map((f) => f.replace(/.*\/rangeway-(.*)-\d+\.\d+\.\d+\.tgz$/, '$1')).sort()).toEqual(
    ['adapter-kit', 'box-compat', 'clickhelp-compat', 'core', 'deoss-compat', 'eos-compat', 'fs-store', 'gateway', 's3-store'],
  );
  npm(['init', '-y'], project);
  npm(['install', ...files, `vitest@${VITEST}`, '--no-audit', '--no-fund', '--prefer-offline'], project);
}, 240_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

it('imports createGateway and startGateway in a vitest test of the new project', () => {
  writeFileSync(
    join(project, 'gateway.test.mjs'),
    `import { createHash } from 'node:crypto';
import { createGateway, startGateway } from '@rangeway/gateway';
import { expect, it } from 'vitest';

it('answers in process', async () => {
  const res = await createGateway().request('/_rangeway/health');
  expect(await res.json()).toMatchObject({ status: 'ok' });
});

it('takes a Box upload on a real port', async () => {
  const gw = await startGateway({ config: { box: { minFileSize: 1, partSize: 1024 } } });
  try {
    const data = new Uint8Array(3000).fill(7);
    const sha = (b) => 'sha=' + createHash('sha1').update(b).digest('base64');
    const api = gw.url + '/api/2.0/files/upload_sessions';
    const s = await (await fetch(api, { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: 3000, file_name: 'x.bin' }) })).json();
    const parts = [];
    for (let from = 0; from < 3000; from += 1024) {
      const body = data.subarray(from, Math.min(3000, from + 1024));
      const r = await fetch(api + '/' + s.id, { method: 'PUT', body, headers: { 'content-range': 'bytes ' + from + '-' + (from + body.length - 1) + '/3000', digest: sha(body) } });
      parts.push((await r.json()).part);
    }
    const c = await fetch(api + '/' + s.id + '/commit', { method: 'POST', body: JSON.stringify({ parts }), headers: { digest: sha(data) } });
    expect(c.status).toBe(201);
  } finally {
    await gw.close();
  }
});
`,
  );
  const out = execFileSync('npx', ['vitest', 'run'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } });
  expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+2 passed \(2\)/);
}, 120_000);

it('runs `npx rangeway serve` from the new project', async () => {
  const child: ChildProcess = spawn('npx', ['rangeway', 'serve', '--store', 'memory', '--port', '0'], { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const seen = (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', seen);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(await (await fetch(`${url}/_rangeway/health`)).json()).toMatchObject({ status: 'ok' });
  } finally {
    process.kill(-child.pid!, 'SIGKILL'); // npx and the server it started
  }
}, 60_000);
