import { createHash, randomBytes } from 'node:crypto';
import { testBytes } from '@rangeway/core/testing';
import { type S3Storage, openS3Storage } from '@rangeway/s3-store';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/index';
import { missingServices, services } from './pair';

// What one request of each dialect costs in calls out of the gateway on the S3 store. A Worker
// counts subrequests (Free plan: 50 per request): every S3 request is one, and so is each database
// connection it opens (at most 3 per request in a Worker), while queries over an open connection
// are not. Database queries are reported too: each is a round trip.
const skip = missingServices();
const MiB = 1024 * 1024;
const WORKERS_FREE_SUBREQUESTS = 50;
/** connections a Worker's request opens at most (worker-s3.ts: poolSize) */
const WORKER_CONNECTIONS = 3;

describe.skipIf(!!skip)('calls out per dialect request on the S3 store', () => {
  const tag = randomBytes(4).toString('hex');
  const counts = { s3: 0, db: 0 };
  let storage: S3Storage;
  let app: ReturnType<typeof createGateway>;
  const table: string[] = [];

  beforeAll(async () => {
    storage = await openS3Storage({
      s3: { ...services, endpoint: services.endpoint!, fetch: (...a) => (counts.s3++, fetch(...a)) },
      databaseUrl: services.databaseUrl!,
      schema: `sub_${tag}`,
      prefix: `sub-${tag}/`,
      onQuery: () => counts.db++,
    });
    app = createGateway({ storage, config: { deoss: { auth: 'off' }, box: { minFileSize: 1 } } });
  });
  afterAll(async () => {
    await storage?.sealer.idle();
    await storage?.close();
    const sql = postgres(services.databaseUrl!, { onnotice: () => undefined });
    await sql.unsafe(`DROP SCHEMA IF EXISTS "sub_${tag}" CASCADE`).finally(() => sql.end());
    const keys: string[] = [];
    for await (const o of storage.objects.list(`sub-${tag}/`)) keys.push(o.key);
    await storage.objects.delete(keys);
    console.log(`| request | S3 requests | database queries | Workers subrequests |\n|---|---|---|---|\n${table.join('\n')}`);
  });

  /** Counts the calls `send` makes; the request must have answered `status`. */
  async function cost(what: string, status: number, send: () => Response | Promise<Response>): Promise<number> {
    const before = { ...counts };
    const res = await send();
    expect(res.status, await res.clone().text()).toBe(status);
    await res.arrayBuffer();
    const s3 = counts.s3 - before.s3;
    const db = counts.db - before.db;
    table.push(`| ${what} | ${s3} | ${db} | ≤ ${s3 + WORKER_CONNECTIONS} |`);
    return s3 + WORKER_CONNECTIONS;
  }

  it('a Box part, an EOS piece, a DeOSS chunk and a ClickHelp chunk each stay well under a Worker\'s 50 subrequests', async () => {
    const data = testBytes(24 * MiB, 2) as Uint8Array<ArrayBuffer>;
    const created = await app.request('/api/2.0/files/upload_sessions', {
      method: 'POST',
      body: JSON.stringify({ folder_id: '0', file_size: data.length, file_name: 'sub.bin' }),
    });
    const { id, part_size: size } = (await created.json()) as { id: string; part_size: number };
    const part = (k: number) => data.subarray(k * size, (k + 1) * size);
    const putPart = (k: number) =>
      app.request(`/api/2.0/files/upload_sessions/${id}`, {
        method: 'PUT',
        body: part(k),
        headers: { 'content-length': String(size), 'content-range': `bytes ${k * size}-${(k + 1) * size - 1}/${data.length}`, digest: `sha=${createHash('sha1').update(part(k)).digest('base64')}` },
      });
    const costs = [await cost('Box part (first)', 200, () => putPart(0)), await cost('Box part', 200, () => putPart(1))];
    await putPart(2);
    const parts = ((await (await app.request(`/api/2.0/files/upload_sessions/${id}/parts`)).json()) as { entries: unknown[] }).entries;
    costs.push(
      await cost('Box commit', 201, () =>
        app.request(`/api/2.0/files/upload_sessions/${id}/commit`, {
          method: 'POST',
          headers: { digest: `sha=${createHash('sha1').update(data).digest('base64')}` },
          body: JSON.stringify({ parts }),
        }),
      ),
    );
    const eos = (from: number, to: number) =>
      app.request('/eos/sub/e.bin', { method: 'PUT', body: data.subarray(from, to), headers: { 'content-length': String(to - from), 'x-upload-range': `bytes=${from}-${to - 1}`, 'x-upload-totalsize': String(3 * MiB) } });
    costs.push(await cost('EOS piece (first)', 201, () => eos(0, MiB)), await cost('EOS piece', 201, () => eos(MiB, 2 * MiB)));
    costs.push(await cost('EOS final piece (commit)', 201, () => eos(2 * MiB, 3 * MiB)));
    const deoss = (from: number, to: number) =>
      app.request('/resume/d.bin', { method: 'PUT', body: data.subarray(from, to), headers: { 'content-length': String(to - from), 'content-range': `bytes ${from}-${to - 1}/${3 * MiB}`, account: 'a', territory: 't' } });
    costs.push(await cost('DeOSS chunk (first)', 308, () => deoss(0, MiB)), await cost('DeOSS chunk', 308, () => deoss(MiB, 2 * MiB)));
    costs.push(await cost('DeOSS final chunk (commit)', 200, () => deoss(2 * MiB, 3 * MiB)));
    const click = (from: number, to: number) =>
      app.request('/api/v1/storage/sub/c.bin?format=resumable', { method: 'PUT', body: data.subarray(from, to), headers: { 'content-length': String(to - from), 'content-range': `bytes ${from}-${to - 1}/${3 * MiB}` } });
    costs.push(await cost('ClickHelp start', 200, () => app.request('/api/v1/storage/sub/c.bin?format=resumable', { method: 'POST' })));
    costs.push(await cost('ClickHelp chunk', 202, () => click(0, MiB)), await cost('ClickHelp chunk', 202, () => click(MiB, 2 * MiB)));
    costs.push(await cost('ClickHelp final chunk (commit)', 201, () => click(2 * MiB, 3 * MiB)));
    expect(Math.max(...costs)).toBeLessThan(WORKERS_FREE_SUBREQUESTS / 2);
  });
});
