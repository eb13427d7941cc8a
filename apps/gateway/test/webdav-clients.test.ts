import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';

// Real WebDAV clients, unchanged, against the EOS dialect: rclone's WebDAV backend and the davix
// tools (Debian's packages; CI installs them, elsewhere the test is skipped loudly). They run as
// child processes while this process serves them, so never synchronously.
const run = async (cmd: string, args: string[]) => (await promisify(execFile)(cmd, args, { encoding: 'utf8', timeout: 30_000 })).stdout;
const TOOLS = ['/usr/bin/rclone', '/usr/bin/davix-ls', '/usr/bin/davix-mkdir', '/usr/bin/davix-put', '/usr/bin/davix-rm'];
const available = TOOLS.every((t) => existsSync(t));
if (!available && process.env.CI) throw new Error('CI needs rclone and davix (apt-get install rclone davix) for the WebDAV client test');
if (!available) console.warn('WebDAV client test skipped: apt-get install rclone davix');

describe.skipIf(!available)('WebDAV clients against the EOS dialect', () => {
  let gw: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    gw = await startGateway();
    dir = mkdtempSync(join(tmpdir(), 'rangeway-webdav-'));
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rclone = (...args: string[]) => run('rclone', ['--config', '/dev/null', '-q', ...args]);
  const remote = (path = '') => `:webdav,url='${gw.url}/eos/inst':${path}`;

  it('rclone: mkdir, copy a tree, lsjson, moveto, cat, purge', async () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'hello from rclone\n');
    const big = Buffer.alloc(300_000, 7);
    writeFileSync(join(src, 'sub', 'b.bin'), big);
    await rclone('mkdir', remote('tree'));
    await rclone('copy', src, remote('tree'));
    const listed = JSON.parse(await rclone('lsjson', '-R', remote('tree'))) as { Path: string; Size: number; IsDir: boolean }[];
    expect(listed.map((e) => [e.Path, e.IsDir ? -1 : e.Size]).sort()).toEqual([
      ['a.txt', 18],
      ['sub', -1],
      ['sub/b.bin', 300_000],
    ]);
    await rclone('check', src, remote('tree')); // sizes and contents agree (exit 0)
    await rclone('moveto', remote('tree/a.txt'), remote('tree/renamed.txt'));
    expect(await rclone('cat', remote('tree/renamed.txt'))).toBe('hello from rclone\n');
    await rclone('copy', remote('tree/sub'), join(dir, 'back'));
    expect(readFileSync(join(dir, 'back', 'b.bin')).equals(big)).toBe(true);
    await rclone('purge', remote('tree'));
    expect(JSON.parse(await rclone('lsjson', remote()))).toEqual([]);
  });

  it('davix: mkdir, put, ls, rm of the file and of the directory', async () => {
    const url = `${gw.url}/eos/inst/dav`;
    const file = join(dir, 'f.txt');
    writeFileSync(file, 'hello from davix\n');
    await run('davix-mkdir', [url]);
    await run('davix-put', [file, `${url}/f.txt`]);
    expect((await run('davix-ls', [url])).trim()).toBe('f.txt');
    await run('davix-rm', [`${url}/f.txt`]);
    expect((await run('davix-ls', [url])).trim()).toBe('');
    await run('davix-rm', [url]);
    await expect(run('davix-ls', [url])).rejects.toThrow(/404/);
  });
});
