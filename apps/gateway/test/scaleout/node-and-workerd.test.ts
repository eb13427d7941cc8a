import { createHash } from 'node:crypto';
import { pureHashers, streamOfBytes, toHex } from '@rangeway/core';
import { testBytes } from '@rangeway/core/testing';
import { fidOf } from '@rangeway/deoss-compat';
import { afterEach, describe, expect, it } from 'vitest';
import { type Instance, Pair, missingServices } from './pair';

// One gateway on Node and one on workerd (Miniflare, the Workers runtime) sharing one bucket and
// one database: an upload begun on one carries on on the other, as on Cloudflare's edge where
// each request may land on another isolate.
const skip = missingServices();
const MiB = 1024 * 1024;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const body = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

describe.skipIf(!!skip)('a gateway on Node and one on workerd, on one bucket and one database', () => {
  let pair: Pair;
  afterEach(async () => pair?.stop());
  const both = async (extra: string[] = []): Promise<[Instance, Instance]> => {
    pair = new Pair(extra);
    return [await pair.start('node'), await pair.start('workerd')];
  };

  it('box: parts alternate between Node and workerd, commit on workerd, download on Node', { timeout: 60_000 }, async () => {
    const [node, edge] = await both(['--box-min-file-size', '1']);
    const data = testBytes(20 * MiB + 99, 4);
    const api = (i: Instance) => `${i.url}/api/2.0/files/upload_sessions`;
    const created = await fetch(api(node), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ folder_id: '0', file_size: data.length, file_name: 'edge.bin' }),
    });
    expect(created.status).toBe(201);
    const { id, part_size: size } = (await created.json()) as { id: string; part_size: number };
    const parts = [];
    for (let k = 0; k * size < data.length; k++) {
      const part = data.subarray(k * size, Math.min(data.length, (k + 1) * size));
      const res = await fetch(`${api(k % 2 ? edge : node)}/${id}`, {
        method: 'PUT',
        body: body(part),
        headers: { 'content-range': `bytes ${k * size}-${k * size + part.length - 1}/${data.length}`, digest: `sha=${createHash('sha1').update(part).digest('base64')}` },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      parts.push(((await res.json()) as { part: unknown }).part);
    }
    const commit = await fetch(`${api(edge)}/${id}/commit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', digest: `sha=${createHash('sha1').update(data).digest('base64')}` },
      body: JSON.stringify({ parts }),
    });
    expect(commit.status, await commit.clone().text()).toBe(201);
    const fileId = ((await commit.json()) as { entries: { id: string }[] }).entries[0]!.id;
    expect(same(await bytesOf(await fetch(`${node.url}/api/2.0/files/${fileId}/content`)), data)).toBe(true);
  });

  it('eos: pieces on both, a read on workerd while the file is written (holes are zeros), the final piece on Node', { timeout: 60_000 }, async () => {
    const [node, edge] = await both();
    const data = testBytes(3 * MiB, 6);
    const path = '/eos/edge/file.bin';
    const piece = (i: Instance, start: number, end: number, extra = {}) =>
      fetch(i.url + path, {
        method: 'PUT',
        body: body(data.subarray(start, end)),
        headers: { 'x-upload-range': `bytes=${start}-${end - 1}`, 'x-upload-totalsize': String(data.length), ...extra },
      });
    expect((await piece(edge, 2 * MiB, 3 * MiB - 1)).status).toBe(201);
    expect((await piece(node, 0, MiB)).status).toBe(201);
    const seen = await bytesOf(await fetch(edge.url + path));
    expect(same(seen.subarray(0, MiB), data.subarray(0, MiB))).toBe(true);
    expect(seen.subarray(MiB, 2 * MiB).every((x) => x === 0)).toBe(true);
    expect(same(seen.subarray(2 * MiB), data.subarray(2 * MiB, 3 * MiB - 1))).toBe(true);
    expect((await piece(edge, MiB, 2 * MiB)).status).toBe(201);
    const adler = pureHashers.create('adler32');
    adler.update(data);
    expect((await piece(node, 3 * MiB - 1, 3 * MiB, { 'x-upload-checksum': `adler32:${toHex(adler.digest())}` })).status).toBe(201);
    expect(same(await bytesOf(await fetch(edge.url + path)), data)).toBe(true);
  });

  it('deoss: chunks alternate between Node and workerd; the fid is the segment-tree hash of the bytes', { timeout: 60_000 }, async () => {
    const instances = await both(['--deoss-auth', 'off']);
    const data = testBytes(4 * MiB + 5, 8);
    let fid = '';
    for (let k = 0, from = 0; from < data.length; k++, from += MiB) {
      const end = Math.min(data.length, from + MiB);
      const res = await fetch(`${instances[k % 2]!.url}/resume/edge.bin`, {
        method: 'PUT',
        body: body(data.subarray(from, end)),
        headers: { 'content-range': `bytes ${from}-${end - 1}/${data.length}`, account: 'acct', territory: 't' },
      });
      if (end < data.length) expect(res.status, await res.text()).toBe(308);
      else fid = ((await res.json()) as { data: { fid: string } }).data.fid;
    }
    expect(fid).toBe(await fidOf(streamOfBytes(data), pureHashers));
    expect(same(await bytesOf(await fetch(`${instances[1].url}/file/download/${fid}`)), data)).toBe(true);
  });

  it('clickhelp: an upload started on Node is finished on workerd', { timeout: 60_000 }, async () => {
    const [node, edge] = await both();
    const data = testBytes(3 * MiB, 12);
    const target = (i: Instance) => `${i.url}/api/v1/storage/edge/file.bin?format=resumable`;
    const send = (i: Instance, from: number) =>
      fetch(target(i), { method: 'PUT', body: body(data.subarray(from, from + MiB)), headers: { 'content-range': `bytes ${from}-${from + MiB - 1}/${data.length}` } });
    expect((await fetch(`${target(node)}&isOverwrite=true`, { method: 'POST' })).status).toBe(200);
    expect((await send(node, 0)).status).toBe(202);
    const query = await fetch(target(edge), { method: 'PUT', headers: { 'content-range': `bytes */${data.length}` } });
    expect(query.headers.get('range')).toBe(`bytes=0-${MiB - 1}`);
    expect((await send(edge, MiB)).status).toBe(202);
    expect((await send(edge, 2 * MiB)).status).toBe(201);
    const read = await fetch(`${node.url}/api/v1/storage/edge/file.bin?format=base64`);
    expect(same(Buffer.from(((await read.json()) as { content: string }).content, 'base64'), data)).toBe(true);
  });
});
