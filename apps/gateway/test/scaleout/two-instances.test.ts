import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { pureHashers, streamOfBytes, toHex } from '@rangeway/core';
import { testBytes } from '@rangeway/core/testing';
import { fidOf } from '@rangeway/deoss-compat';
import { afterEach, describe, expect, it } from 'vitest';
import { Pair, kill, missingServices } from './pair';
import { roundRobin } from './round-robin';

// Two `rangeway serve --store s3` processes sharing one bucket and one database: a client may
// send each request to either, and an instance may die, without the upload noticing.
const skip = missingServices();
const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
/** fetch's types want an ArrayBuffer-backed view; test bytes are views of any buffer */
const body = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

/** Polls `read` until `done` holds of its value (or 5 s pass), and resolves with the last value. */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 5000;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A body that sends its first half, waits, then the rest: a request that stays in flight. */
function slowBody(bytes: Uint8Array, pauseMs: number): ReadableStream<Uint8Array> {
  let step = 0;
  return new ReadableStream({
    async pull(c) {
      if (step === 0) c.enqueue(bytes.subarray(0, bytes.length >> 1));
      else if (step === 1) {
        await new Promise((r) => setTimeout(r, pauseMs));
        c.enqueue(bytes.subarray(bytes.length >> 1));
      } else c.close();
      step++;
    },
  });
}

describe.skipIf(!!skip)('two gateways on one bucket and one database', () => {
  let pair: Pair;
  afterEach(async () => pair?.stop());

  it('box: parts to A and B at once, the same part to both (one wins), parts listed on B, commit on A, download from B', { timeout: 60_000 }, async () => {
    pair = new Pair(['--box-min-file-size', '1']);
    const [a, b] = [await pair.start(), await pair.start()];
    const data = testBytes(20 * MiB, 3);
    const api = (i: { url: string }) => `${i.url}/api/2.0/files/upload_sessions`;
    const created = await fetch(api(a), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ folder_id: '0', file_size: data.length, file_name: 'two.bin' }),
    });
    expect(created.status).toBe(201);
    const { id, part_size: size } = (await created.json()) as { id: string; part_size: number };
    const part = (k: number) => data.subarray(k * size, Math.min(data.length, (k + 1) * size));
    const put = (i: { url: string }, k: number, sent: BodyInit = body(part(k))) =>
      fetch(`${api(i)}/${id}`, {
        method: 'PUT',
        body: sent,
        headers: { 'content-range': `bytes ${k * size}-${k * size + part(k).length - 1}/${data.length}`, digest: sha(part(k)), 'content-length': String(part(k).length) },
        duplex: 'half',
      } as RequestInit);
    // part 0 held in flight on A while B is asked for the same part: exactly one wins
    const slow = put(a, 0, slowBody(part(0), 800));
    await new Promise((r) => setTimeout(r, 300));
    const rival = await put(b, 0);
    expect(rival.status).toBe(409);
    expect(((await rival.json()) as { code: string }).code).toBe('conflict');
    // parts 1 and 2 at the same moment, one to each instance
    const [first, p1, p2] = await Promise.all([slow, put(b, 1), put(a, 2)]);
    expect([first.status, p1.status, p2.status]).toEqual([200, 200, 200]);
    const listed = await fetch(`${api(b)}/${id}/parts`);
    const parts = ((await listed.json()) as { entries: { offset: number }[] }).entries;
    expect(parts.map((p) => p.offset)).toEqual([0, size, 2 * size]);
    // the whole-file SHA-1 followed the parts across both instances: its checkpoint in the
    // database covers the file before the commit asks for it, so nothing is read back then
    const checkpoint = () => pair.sql((sql) => sql<{ offset: string }[]>`SELECT "offset" FROM rw_digest_checkpoints WHERE digest = 'sha1'`);
    expect(await eventually(async () => Number((await checkpoint())[0]?.offset), (o) => o === data.length)).toBe(data.length);
    const commit = await fetch(`${api(a)}/${id}/commit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', digest: sha(data) },
      body: JSON.stringify({ parts }),
    });
    expect(commit.status).toBe(201);
    expect(await eventually(checkpoint, (rows) => rows.length === 0)).toEqual([]);
    const fileId = ((await commit.json()) as { entries: { id: string }[] }).entries[0]!.id;
    expect(same(await bytesOf(await fetch(`${b.url}/api/2.0/files/${fileId}/content`)), data)).toBe(true);
    // committed, and sealed into one object in the background: the staging objects only wait
    // in the trash for their grace time
    const unsealed = () => pair.sql((sql) => sql<{ key: string }[]>`SELECT key FROM rw_blobs WHERE seal_at IS NOT NULL`);
    expect(await eventually(unsealed, (rows) => rows.length === 0)).toEqual([]);
    const staged = await pair.keys('stg/');
    const trashed = await pair.sql((sql) => sql`SELECT object FROM rw_trash`);
    expect(staged.every((k) => trashed.some((t) => t.object === k))).toBe(true);
  });

  it('box-node-sdk v10 uploadBigFile through a round-robin balancer: its requests spread over both, the file reads back', { timeout: 60_000 }, async () => {
    pair = new Pair();
    const [a, b] = [await pair.start(), await pair.start()];
    const lb = await roundRobin([a.url, b.url]);
    try {
      const client = new BoxClient({ auth: new BoxDeveloperTokenAuth({ token: 'any' }) }).withCustomBaseUrls({
        baseUrl: lb.url,
        uploadUrl: `${lb.url}/api`,
        oauth2Url: `${lb.url}/oauth2`,
      });
      const data = testBytes(20 * MiB + 4321, 9); // three 8 MiB parts, the SDK's own part size
      const file = await client.chunkedUploads.uploadBigFile(Readable.from(Buffer.from(data)), 'balanced.bin', data.length, '0');
      expect(file).toMatchObject({ size: data.length, sha1: createHash('sha1').update(data).digest('hex') });
      expect(lb.served.every((n) => n >= 2)).toBe(true); // create, parts and commit landed on both
      expect(same(await bytesOf(await fetch(`${lb.url}/api/2.0/files/${file.id}/content`)), data)).toBe(true);
    } finally {
      await lb.close();
    }
  });

  it('eos: out-of-order pieces to A and B with an overwrite, read on B while written (holes are zeros), final piece on B with its Adler-32', async () => {
    pair = new Pair();
    const [a, b] = [await pair.start(), await pair.start()];
    const data = testBytes(3 * MiB, 5);
    const path = '/eos/scale/file.bin';
    const piece = (i: { url: string }, start: number, end: number, bytes: Uint8Array = data.subarray(start, end), extra = {}) =>
      fetch(i.url + path, {
        method: 'PUT',
        body: body(bytes),
        headers: { 'x-upload-range': `bytes=${start}-${end - 1}`, 'x-upload-totalsize': String(data.length), ...extra },
      });
    const M = MiB;
    expect((await piece(b, 2 * M, 3 * M - 1)).status).toBe(201);
    expect((await piece(a, 0, M, new Uint8Array(M).fill(7))).status).toBe(201); // wrong bytes, overwritten below
    expect((await piece(b, 0, M)).status).toBe(201); // the overwrite, on the other instance
    // on B while [M, 2M) and the last byte are still holes
    const seen = await bytesOf(await fetch(b.url + path));
    expect(seen.length).toBe(3 * M - 1);
    expect(same(seen.subarray(0, M), data.subarray(0, M))).toBe(true);
    expect(seen.subarray(M, 2 * M).every((x) => x === 0)).toBe(true);
    expect(same(seen.subarray(2 * M), data.subarray(2 * M, 3 * M - 1))).toBe(true);
    expect((await piece(a, M, 2 * M)).status).toBe(201);
    const adler = pureHashers.create('adler32');
    adler.update(data);
    const final = await piece(b, 3 * M - 1, 3 * M, undefined, { 'x-upload-checksum': `adler32:${toHex(adler.digest())}` });
    expect(final.status).toBe(201);
    expect(same(await bytesOf(await fetch(a.url + path)), data)).toBe(true);
  });

  it('deoss: chunks alternating between A and B; the fid is the segment-tree hash of the bytes', async () => {
    pair = new Pair(['--deoss-auth', 'off']);
    const instances = [await pair.start(), await pair.start()];
    const data = testBytes(5 * MiB + 17, 9);
    const chunk = MiB;
    let fid = '';
    for (let k = 0, from = 0; from < data.length; k++, from += chunk) {
      const end = Math.min(data.length, from + chunk);
      const res = await fetch(`${instances[k % 2]!.url}/resume/deoss.bin`, {
        method: 'PUT',
        body: body(data.subarray(from, end)),
        headers: { 'content-range': `bytes ${from}-${end - 1}/${data.length}`, account: 'acct', territory: 't' },
      });
      if (end < data.length) expect(res.status).toBe(308);
      else fid = ((await res.json()) as { data: { fid: string } }).data.fid;
    }
    expect(fid).toBe(await fidOf(streamOfBytes(data), pureHashers));
    expect(same(await bytesOf(await fetch(`${instances[0]!.url}/file/download/${fid}`)), data)).toBe(true);
  });

  it('clickhelp: A is SIGKILLed mid-chunk; B answers the held prefix and the upload completes on B within seconds', async () => {
    pair = new Pair();
    const [a, b] = [await pair.start(), await pair.start()];
    const data = testBytes(4 * MiB, 11);
    const chunk = MiB;
    const target = (i: { url: string }) => `${i.url}/api/v1/storage/kill/file.bin?format=resumable`;
    const send = (i: { url: string }, from: number, sent: BodyInit = body(data.subarray(from, from + chunk))) =>
      fetch(target(i), {
        method: 'PUT',
        body: sent,
        headers: { 'content-range': `bytes ${from}-${from + chunk - 1}/${data.length}`, 'content-length': String(chunk) },
        duplex: 'half',
      } as RequestInit);
    expect((await fetch(`${target(a)}&isOverwrite=true`, { method: 'POST' })).status).toBe(200);
    expect((await send(a, 0)).status).toBe(202);
    expect((await send(a, chunk)).status).toBe(202);
    const cut = send(a, 2 * chunk, slowBody(data.subarray(2 * chunk, 3 * chunk), 5000)).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 300));
    await kill(a.child, 'SIGKILL');
    const killedAt = Date.now();
    expect(await cut).toBe('cut');
    const query = await fetch(target(b), { method: 'PUT', headers: { 'content-range': `bytes */${data.length}` } });
    expect(query.status).toBe(202);
    expect(query.headers.get('range')).toBe(`bytes=0-${2 * chunk - 1}`);
    // A's lease on the upload lapses with its heartbeat: B takes the chunk within a few seconds
    let res = await send(b, 2 * chunk);
    while (res.status === 409 && Date.now() - killedAt < 10_000) {
      await new Promise((r) => setTimeout(r, 200));
      res = await send(b, 2 * chunk);
    }
    expect(res.status).toBe(202);
    expect(Date.now() - killedAt).toBeLessThan(6_000);
    expect((await send(b, 3 * chunk)).status).toBe(201);
    const read = await fetch(`${b.url}/api/v1/storage/kill/file.bin?format=base64`);
    expect(same(Buffer.from(((await read.json()) as { content: string }).content, 'base64'), data)).toBe(true);
  });

  it('expiry with both instances sweeping: each session expires once and no staged object is left', { timeout: 60_000 }, async () => {
    pair = new Pair(['--eos-idle-expiry-ms', '1500', '--sweep-interval-ms', '100', '--s3-trash-grace-ms', '0']);
    const [a, b] = [await pair.start(), await pair.start()];
    for (let k = 0; k < 12; k++) {
      const res = await fetch(`${(k % 2 ? a : b).url}/eos/expire/f${k}.bin`, {
        method: 'PUT',
        body: body(testBytes(1000, k)),
        headers: { 'x-upload-range': 'bytes=0-999', 'x-upload-totalsize': '5000' },
      });
      expect(res.status).toBe(201);
    }
    const expired = async () => {
      let n = 0;
      for (const i of [a, b]) {
        const text = await (await fetch(`${i.url}/metrics`)).text();
        for (const m of text.matchAll(/^rangeway_uploads_total\{[^}]*event="expired"[^}]*\} (\d+)/gm)) n += Number(m[1]);
      }
      return n;
    };
    const deadline = Date.now() + 20_000;
    while (((await expired()) < 12 || (await pair.keys('stg/')).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await expired()).toBe(12);
    expect(await pair.keys('stg/')).toEqual([]);
    expect(await pair.sql((sql) => sql`SELECT count(*)::int AS n FROM rw_sessions WHERE state = 'open'`)).toEqual([{ n: 0 }]);
  });
});
