import { randomBytes } from 'node:crypto';
import { testBytes } from '@rangeway/core/testing';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { missingServices, services } from '../scaleout/pair';
import { RUNTIMES, type Served, serve } from './harness';

// Bun and Deno run the S3 + PostgreSQL store too (Node runs it in the scale-out suites): one
// upload each whose pieces stream into radosgw with their exact length, read back whole.
const skip = missingServices();
const MiB = 1024 * 1024;

describe.skipIf(!!skip)('the S3 store on Bun and Deno', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    const sql = postgres(services.databaseUrl!, { onnotice: () => undefined });
    for (const s of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await sql.end();
  });

  for (const runtime of RUNTIMES.filter((r) => r.name === 'bun' || r.name === 'deno')) {
    it(`${runtime.name}: an EOS file in two streamed 6 MiB pieces lands in the bucket and reads back byte-identical`, { timeout: 60_000 }, async () => {
      const tag = randomBytes(4).toString('hex');
      schemas.push(`rt_${tag}`);
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: services.accessKeyId, AWS_SECRET_ACCESS_KEY: services.secretAccessKey });
      let served: Served | undefined;
      try {
        served = await serve(runtime, [
          '--store', 's3', '--s3-endpoint', services.endpoint!, '--s3-bucket', services.bucket, '--s3-prefix', `rt-${tag}/`,
          '--database-url', services.databaseUrl!, '--database-schema', `rt_${tag}`,
        ]);
        const data = testBytes(12 * MiB, 5);
        const url = `${served.url}/eos/rt/${runtime.name}.bin`;
        for (const [from, to] of [[0, 6 * MiB], [6 * MiB, 12 * MiB]] as const) {
          const res = await fetch(url, {
            method: 'PUT',
            headers: { 'x-upload-range': `bytes=${from}-${to - 1}`, 'x-upload-totalsize': String(data.length) },
            body: data.subarray(from, to) as Uint8Array<ArrayBuffer>,
          });
          expect(res.status, await res.text()).toBe(201);
        }
        const got = new Uint8Array(await (await fetch(url)).arrayBuffer());
        expect(Buffer.from(got).equals(Buffer.from(data))).toBe(true);
      } finally {
        await served?.stop();
      }
    });
  }
});
