import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FsStorage, openFsStorage } from '@rangeway/fs-store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RangewayGateway, createGateway, nodeHashers } from '../../src/index';
import { type HostileRequest, hostileRequests } from './requests';
import { type Fixtures, makeFixtures } from './fixtures';
import { SHAPES, serverError } from './shapes';
import { dialectOf } from '../../src/test-target/index';

// Seeded hostile input against every dialect, in process on the durable fs store: no 5xx, no
// hang, no answer outside the dialect's error shape, nothing written outside the data root, no
// file handles left open. HOSTILE_RUNS sets the requests per dialect (default 10,000);
// HOSTILE_SEED replays a run; HOSTILE_DUMP=/tmp/x writes every failure to /tmp/x-<dialect>.txt.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10_000);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261201);
const TIMEOUT_MS = 5000;

/** Where each dialect's requests go: its prefixes, and paths of uploads and files that exist. */
function targets(f: Fixtures): Record<string, { prefixes: string[]; known: string[] }> {
  const box = '/api/2.0/files/upload_sessions';
  return {
    box: {
      prefixes: ['/api/2.0/files', box, '/api/2.0', `${box}/${f.boxSession}`],
      known: [box, `${box}/${f.boxSession}`, `${box}/${f.boxSession}/parts`, `${box}/${f.boxSession}/commit`, `/api/2.0/files/${f.boxFile}`, `/api/2.0/files/${f.boxFile}/content`, `/api/2.0/files/${f.boxFile}/upload_sessions`],
    },
    eos: { prefixes: ['/eos', '/eos/dir', '/_eos/eos'], known: ['/eos/dir/open.bin', '/eos/dir/done.bin', '/eos/dir/', '/eos/dir/new.bin'] },
    deoss: {
      prefixes: ['/resume', '/file/download', '/file/open', '/file/metadata', '/file'],
      known: ['/resume/open.bin', '/resume/new.bin', `/file/download/${f.fid}`, `/file/open/${f.fid}`, `/file/metadata/${f.fid}`, '/version'],
    },
    clickhelp: {
      prefixes: ['/api/v1/storage', '/api/v1/storage/docs'],
      known: ['/api/v1/storage/docs/open.bin?format=resumable', '/api/v1/storage/docs/done.txt', '/api/v1/storage/docs/done.txt?format=base64', '/api/v1/storage/docs?filter=*', '/api/v1/storage/docs/new.bin?format=resumable'],
    },
  };
}

let outer: string;
let fixtures: Fixtures;
let dataDir: string;
let app: RangewayGateway;
let storage: FsStorage;
/** descriptors open, less those the fs store keeps open between requests by design */
const openFds = () => readdirSync('/proc/self/fd').length - storage.keptOpen();

beforeAll(async () => {
  outer = await mkdtemp(join(tmpdir(), 'rangeway-hostile-'));
  dataDir = join(outer, 'data');
  mkdirSync(dataDir);
  storage = await openFsStorage({ dir: dataDir, fsync: 'never' });
  app = createGateway({
    storage,
    hashers: nodeHashers,
    config: { deoss: { auth: 'off' }, box: { minFileSize: 1, partSize: 1024 }, bodyIdleTimeoutMs: 1000 },
  });
  fixtures = await makeFixtures(app);
});
afterAll(async () => {
  await app.close();
  await rm(outer, { recursive: true, force: true });
});

function toRequest(r: HostileRequest): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers)) {
    try {
      headers.set(k, v);
    } catch {
      // a value no HTTP client could send (a control character): leave the header out
    }
  }
  if (r.body) headers.set('content-length', String(r.body.length));
  else if (r.method === 'PUT' || r.method === 'POST') headers.set('content-length', '0');
  return new Request(`http://127.0.0.1:8080${r.path}`, { method: r.method, headers, ...(r.body && { body: r.body }) });
}

describe.each(['box', 'eos', 'deoss', 'clickhelp'])('hostile input: %s', (dialect) => {
  it(`${RUNS} seeded requests: 0 5xx, 0 hangs, 0 off-shape answers`, async () => {
    const { prefixes, known } = targets(fixtures)[dialect]!;
    const requests = fc.sample(hostileRequests(prefixes, known), { numRuns: RUNS, seed: SEED + dialect.length });
    const fdsBefore = openFds();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const r of requests) {
      let req: Request;
      try {
        req = toRequest(r);
      } catch {
        continue; // not a request any client can make (e.g. a method fetch refuses)
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hang = new Promise<'hang'>((res) => (timer = setTimeout(() => res('hang'), TIMEOUT_MS)));
      const res = await Promise.race([Promise.resolve(app.fetch(req)), hang]);
      clearTimeout(timer);
      if (res === 'hang') {
        failures.push(`hang: ${JSON.stringify(r)}`);
        continue;
      }
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      // judged by the dialect the gateway routes the (normalised) path to; outside every dialect, any shape
      const owner = dialectOf(new URL(req.url).pathname);
      const shape = owner && owner in SHAPES ? SHAPES[owner as keyof typeof SHAPES] : undefined;
      const problem = serverError(owner, res.status) ? `status ${res.status}` : shape?.(res, text, r.method);
      if (problem) failures.push(`${problem}: ${JSON.stringify({ ...r, body: r.body?.length })} → ${res.status} ${text.slice(0, 200)}`);
    }
    const fdsAfter = openFds();
    console.log(`${dialect}: ${requests.length} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ${failures.length} failures, fds ${fdsBefore} → ${fdsAfter}`);
    if (process.env.HOSTILE_DUMP) writeFileSync(`${process.env.HOSTILE_DUMP}-${dialect}.txt`, failures.join('\n'));
    expect(failures.slice(0, 5)).toEqual([]);
    expect(fdsAfter - fdsBefore).toBeLessThan(20);
    expect(readdirSync(outer)).toEqual(['data']); // nothing written beside the data root
  }, 600_000);
});
