import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';

// Many clients writing disjoint ranges of ONE upload at once, through the public HTTP surface:
// none may be refused, and the file read back through the dialect holds exactly what the
// clients were told was stored (no bytes of a refused request, zeros where nothing was sent).
const CLIENTS = 64;
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;

for (const store of ['memory', 'fs'] as const) {
  describe(`${CLIENTS} concurrent clients on one upload (${store} store)`, () => {
    let gw: RunningGateway;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'rangeway-concurrency-'));
      gw = await startGateway({ config: { store, dataDir, box: { minFileSize: 1, partSize: 65536 } } });
    });
    afterAll(async () => {
      await gw.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('Box: every part of 64 sent at once is accepted, and the download is byte-identical', async () => {
      const part = 65536;
      const data = new Uint8Array(randomBytes(CLIENTS * part));
      const api = `${gw.url}/api/2.0/files/upload_sessions`;
      const created = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ folder_id: '0', file_size: data.length, file_name: `c-${store}.bin` }),
      });
      const { id, part_size } = (await created.json()) as { id: string; part_size: number };
      expect(part_size).toBe(part);
      const send = (k: number, body: Uint8Array<ArrayBuffer>, digest = sha(body)) =>
        fetch(`${api}/${id}`, {
          method: 'PUT',
          body,
          headers: { 'content-range': `bytes ${k * part}-${(k + 1) * part - 1}/${data.length}`, digest },
        });
      // a client whose part fails its digest check first: refused, and nothing of it may remain
      const refused = await send(7, new Uint8Array(randomBytes(part)), sha(data.subarray(7 * part, 8 * part)));
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);

      const answers = await Promise.all(Array.from({ length: CLIENTS }, (_, k) => send(k, data.subarray(k * part, (k + 1) * part))));
      const statuses = answers.map((r) => r.status);
      const parts = await Promise.all(answers.map(async (r) => ((await r.json()) as { part: unknown }).part));
      console.log(`box (${store}): ${statuses.filter((s) => s !== 200).length} of ${CLIENTS} concurrent parts refused`);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);

      const commit = await fetch(`${api}/${id}/commit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', digest: sha(data) },
        body: JSON.stringify({ parts }),
      });
      expect(commit.status).toBe(201);
      const fileId = ((await commit.json()) as { entries: { id: string }[] }).entries[0]!.id;
      const download = await fetch(`${gw.url}/api/2.0/files/${fileId}/content`);
      expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
    });

    it('EOS: 63 pieces sent at once all land; a piece cut mid-body leaves only zeros; GET matches', async () => {
      const piece = 4096;
      const total = CLIENTS * piece;
      const data = randomBytes(total);
      const hole = 30; // its piece is cut mid-body, never acknowledged, and never resent
      const url = `${gw.url}/eos/concurrent/${store}.bin`;
      const send = (k: number) =>
        fetch(url, {
          method: 'PUT',
          body: data.subarray(k * piece, (k + 1) * piece),
          headers: { 'x-upload-range': `bytes=${k * piece}-${(k + 1) * piece - 1}`, 'x-upload-totalsize': String(total) },
        });
      await fetch(`${gw.url}/_rangeway/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dialect: 'eos', method: 'PUT', headers: { 'x-upload-range': `bytes=${hole * piece}-` }, action: 'cut', afterBytes: 2048, times: 1 }),
      });
      const others = Array.from({ length: CLIENTS - 1 }, (_, k) => k).filter((k) => k !== hole);
      const [cut, ...answers] = await Promise.all([send(hole).then((r) => r.status, () => 'cut'), ...others.map(send)]);
      expect(cut).not.toBe(201);
      const statuses = answers.map((r) => r.status);
      console.log(`eos (${store}): ${statuses.filter((s) => s !== 201).length} of ${others.length} concurrent pieces refused`);
      expect(statuses.filter((s) => s !== 201)).toEqual([]);
      const last = await send(CLIENTS - 1);
      expect(last.status).toBe(201);

      const expected = Buffer.from(data);
      expected.fill(0, hole * piece, (hole + 1) * piece);
      const got = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(got.length).toBe(total);
      expect(got.equals(expected)).toBe(true);
    });
  });
}
