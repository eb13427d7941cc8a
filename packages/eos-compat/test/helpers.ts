import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { ManualClock, SeededIds, Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
import { Hono } from 'hono';
import { type EosDialectOptions, eosDialect } from '../src/index';

const run = promisify(execFile);

/** The spec's test file: byte i = i mod 251. */
export const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

export type Harness = Awaited<ReturnType<typeof startEos>>;

/** An EOS dialect on 127.0.0.1 (random port) plus a scratch dir for curl's files. */
export async function startEos(options: Partial<EosDialectOptions> = {}) {
  const uploads = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, clock: new ManualClock(), ids: new SeededIds('eos') });
  const app = new Hono().route('/', eosDialect({ uploads, ...options }));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'eos-test-'));
  let n = 0;
  const file = (bytes: Uint8Array) => {
    const p = join(dir, `piece-${n++}`);
    writeFileSync(p, bytes);
    return p;
  };
  /** Runs curl like the vendor's examples; returns status, lower-cased headers and body. */
  const curl = async (args: string[]) => {
    const out = join(dir, `out-${n++}`);
    const { stdout } = await run('curl', ['-s', '-S', '-D', '-', '-o', out, ...args], { encoding: 'buffer', maxBuffer: 1 << 26 });
    const blocks = stdout.toString('latin1').split(/\r\n\r\n/).filter((b) => b.startsWith('HTTP/') && !/^HTTP\/\S+ 1\d\d/.test(b));
    const last = blocks[blocks.length - 1]!.split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of last.slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const { readFileSync } = await import('node:fs');
    return { status: Number(last[0]!.split(' ')[1]), headers, body: readFileSync(out), statuses: blocks.map((b) => Number(b.split(' ')[1])) };
  };
  /** `curl -L -X PUT -T piece` with the x-upload headers of one piece. */
  const putPiece = (path: string, bytes: Uint8Array, headers: Record<string, string | number>) =>
    curl(['-L', '-X', 'PUT', '-T', file(bytes), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), `${url}${path}`]);
  return {
    uploads,
    url,
    curl,
    putPiece,
    file,
    close: async () => {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
