import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pureHashers, streamOfBytes } from '@rangeway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fidOf } from '../src/index';
import { SIGNED, data, listen, setup, until } from './helpers';

const run = promisify(execFile);

/**
 * The vendor's example (a 445,531,360-byte file in three ranges: 0-201326591, 201326592-402653183,
 * 402653184-445531359) scaled down 32 times, same shape and header syntax.
 */
const SCALE = 32;
const TOTAL = Math.floor(445_531_360 / SCALE); // 13,922,855
const CHUNK = 201_326_592 / SCALE; // 6 MiB
const RANGES: [number, number][] = [
  [0, CHUNK - 1],
  [CHUNK, 2 * CHUNK - 1],
  [2 * CHUNK, TOTAL - 1],
];

type CurlResult = { status: number; headers: Map<string, string>; body: string };

describe('the seed example, driven by curl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rangeway-deoss-'));
  const env = setup({ territories: ['bench:1099511627776'] });
  const file = data(TOTAL, 11);
  let server: Awaited<ReturnType<typeof listen>>;
  let expectedFid: string;
  beforeAll(async () => {
    server = await listen(env.app);
    expectedFid = await fidOf(streamOfBytes(file), pureHashers);
    RANGES.forEach(([a, b], i) => writeFileSync(join(dir, `chunk-${i}`), file.subarray(a, b + 1)));
    writeFileSync(join(dir, 'test.log'), file);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The identity and territory headers of the vendor's example, as curl -H arguments. */
  const identity = ['-H', `Account: ${SIGNED.account}`, '-H', `Message: ${SIGNED.message}`, '-H', `Signature: ${SIGNED.signature}`, '-H', 'Territory: bench'];
  const contentRange = (i: number) => ['-H', `Content-Range: bytes ${RANGES[i]![0]}-${RANGES[i]![1]}/${TOTAL}`];

  const curlArgs = (name: string, args: string[]) => {
    const head = join(dir, `${name}.head`);
    const out = join(dir, `${name}.out`);
    return { head, out, argv: ['-sS', '-D', head, '-o', out, '-w', '%{http_code}', ...args] };
  };
  function parse(stdout: string, head: string, out: string): CurlResult {
    const headers = new Map<string, string>();
    // with Expect: 100-continue the dump holds the 100 block first; the last block is the answer
    const blocks = readFileSync(head, 'latin1').trim().split('\r\n\r\n');
    for (const line of blocks[blocks.length - 1]!.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    return { status: Number(stdout), headers, body: readFileSync(out, 'utf8') };
  }
  async function curl(args: string[]): Promise<CurlResult> {
    const { head, out, argv } = curlArgs('r', args);
    const { stdout } = await run('curl', argv);
    return parse(stdout, head, out);
  }
  const resume = (name: string, body: string[], i: number) => curl(['-X', 'PUT', `${server.url}/resume/${name}`, ...body, ...identity, ...contentRange(i)]);
  const form = (i: number) => ['-F', `file=@${join(dir, `chunk-${i}`)}`];
  const raw = (i: number) => ['--data-binary', `@${join(dir, `chunk-${i}`)}`, '-H', 'Content-Type: application/octet-stream'];

  function expectProgress(r: CurlResult, i: number) {
    expect(r.status, r.body).toBe(308);
    expect(r.headers.get('content-range')).toBe(`bytes ${RANGES[i]![0]}-${RANGES[i]![1]}/${TOTAL}`);
    expect(r.headers.has('location')).toBe(false);
    expect(r.body).toBe('null');
  }

  async function expectDownload(fid: string) {
    const r = await curl([`${server.url}/file/download/${fid}`]);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(readFileSync(join(dir, 'r.out'))).equals(Buffer.from(file))).toBe(true);
    // a ranged preview of the middle of the file
    const part = await curl(['-H', 'Range: bytes=6291000-6292000', `${server.url}/file/open/${fid}`]);
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 6291000-6292000/${TOTAL}`);
    expect(Buffer.from(readFileSync(join(dir, 'r.out'))).equals(Buffer.from(file.subarray(6291000, 6292001)))).toBe(true);
  }

  it('curl -F file=@chunk, with the second chunk killed mid-body and resent', async () => {
    expectProgress(await resume('test.log', form(0), 0), 0);

    // chunk 2 through a rate-limited curl, killed once the server holds part of it
    const { argv } = curlArgs('killed', ['-X', 'PUT', `${server.url}/resume/test.log`, ...form(1), ...identity, ...contentRange(1), '--limit-rate', '1M']);
    const killed: ChildProcess = spawn('curl', argv, { stdio: 'ignore' });
    const session = (await env.uploads.getByKey('deoss', JSON.stringify([SIGNED.account, 'test.log', String(TOTAL)])))!;
    await until(async () => ((await env.storage.blobs.size(session.blobKey)) ?? 0) > CHUNK + 64 * 1024, 'part of chunk 2 to be stored', 50_000);
    const gone = new Promise((r) => killed.once('exit', r));
    killed.kill('SIGKILL');
    await gone;
    await until(async () => (await env.uploads.leases.held(session.id)).length === 0, 'the broken write to end', 50_000);
    // the broken chunk is not counted: chunk 3 now would be a gap
    expect((await env.uploads.get(session.id)).received).toBe(`0-${CHUNK - 1}`);
    const early = await resume('test.log', form(2), 2);
    expect(early.body).toBe('{"code":400,"msg":"Illegal Content-Range content","data":null}');

    expectProgress(await resume('test.log', form(1), 1), 1);
    const last = await resume('test.log', form(2), 2);
    expect(last.status).toBe(200);
    expect(last.body).toBe(`{"code":200,"msg":"ok","data":{"fid":"${expectedFid}"}}`);
    await expectDownload(expectedFid);
  }, 60_000);

  it('raw bodies (what the real server reads), with an acknowledged chunk resent after a lost reply', async () => {
    expectProgress(await resume('raw.log', raw(0), 0), 0);
    expectProgress(await resume('raw.log', raw(1), 1), 1);
    // the client never saw the 308 and sends chunk 2 again: identical bytes, nothing corrupted
    expectProgress(await resume('raw.log', raw(1), 1), 1);
    const last = await resume('raw.log', raw(2), 2);
    expect(last.body).toBe(`{"code":200,"msg":"ok","data":{"fid":"${expectedFid}"}}`);
    await expectDownload(expectedFid);
    const meta = JSON.parse((await curl([`${server.url}/file/metadata/${expectedFid}`])).body);
    expect(meta.data.owner).toEqual([
      { user: SIGNED.account, file_name: 'test.log' },
      { user: SIGNED.account, file_name: 'raw.log' },
    ]);
  }, 60_000);

  it("the docs' literal example (the whole file in every request) is refused as the real server does", async () => {
    const r = await resume('whole.log', ['-F', `file=@${join(dir, 'test.log')}`], 0);
    expect(r.body).toBe('{"code":400,"msg":"received more file content","data":null}');
  }, 60_000);
});

describe('early answers to a large chunk', () => {
  it('a refused 4 MiB chunk sent by curl -T reads the 403 envelope', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rangeway-deoss-'));
    const env = setup();
    const server = await listen(env.app);
    try {
      writeFileSync(join(dir, 'chunk'), data(4 * 1024 * 1024, 5));
      const { stdout } = await run('curl', [
        '-sS', '-X', 'PUT', '-T', join(dir, 'chunk'), '-H', 'Account: cXnobody', '-H', `Content-Range: bytes 0-4194303/8388608`,
        `${server.url}/resume/big.bin`,
      ]);
      expect(stdout).toBe('{"code":403,"msg":"no permission","data":null}');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
