import { pureHashers, streamOfBytes } from '@rangeway/core';
import { countBlobReads } from '@rangeway/core/testing';
import { describe, expect, it } from 'vitest';
import { fidOf } from '../src/index';
import { NAMESPACE } from '../src/catalog';
import { previewType } from '../src/content-type';
import { SIGNED, VECTOR, data, expectEnvelope, range, setup } from './helpers';

const ILLEGAL = 'Illegal Content-Range content';
const done = async (res: Response) => (await res.json()) as { code: number; data: { fid: string } };

describe('breakpoint resuming (positional writes, spec §8.4)', () => {
  it('the upload key is (Account, name, literal total): "0008" and "8" are two uploads', async () => {
    const env = setup();
    expect((await env.put('a.bin', { ...SIGNED, ...range(0, 3, '0008') }, 'abcd')).status).toBe(308);
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, ...range(4, 7, '8') }, 'efgh'), 400, ILLEGAL);
    // another account writing the same name has its own upload
    await expectEnvelope(await env.put('a.bin', { ...SIGNED, account: VECTOR.account42, ...range(4, 7, '0008') }, 'efgh'), 400, ILLEGAL);
    expect((await done(await env.put('a.bin', { ...SIGNED, territory: 't', ...range(4, 7, '0008') }, 'efgh'))).code).toBe(200);
  });

  it('a restart at 0 with the same bytes keeps what is held; after success the key starts afresh', async () => {
    const env = setup();
    const file = data(10, 2);
    expect((await env.put('b.bin', { ...SIGNED, ...range(0, 5, 10) }, file.subarray(0, 6))).status).toBe(308);
    expect((await env.put('b.bin', { ...SIGNED, ...range(0, 2, 10) }, file.subarray(0, 3))).status).toBe(308);
    const first = await done(await env.put('b.bin', { ...SIGNED, territory: 't', ...range(6, 9, 10) }, file.subarray(6)));
    expect(first.data.fid).toBe(await fidOf(streamOfBytes(file), pureHashers));
    expect(Buffer.from(await env.stored(first.data.fid)).equals(Buffer.from(file))).toBe(true);
    // the partial upload is gone, as on the real server: the final chunk again is a gap
    await expectEnvelope(await env.put('b.bin', { ...SIGNED, territory: 't', ...range(6, 9, 10) }, file.subarray(6)), 400, ILLEGAL);
    // and the same name uploads anew from 0
    expect((await env.put('b.bin', { ...SIGNED, ...range(0, 9, 10) }, file)).status).toBe(200);
  });

  it('the final chunk of an in-order upload reads nothing back: the fid was kept as chunks arrived', async () => {
    const env = setup();
    const file = data(3 * 1024 * 1024 + 5, 4);
    const reads = countBlobReads(env.storage);
    const step = 1024 * 1024;
    for (let o = 0; o + step < file.length; o += step)
      expect((await env.put('big.bin', { ...SIGNED, ...range(o, o + step - 1, file.length) }, file.subarray(o, o + step))).status).toBe(308);
    const last = 3 * step;
    const res = await done(await env.put('big.bin', { ...SIGNED, territory: 't', ...range(last, file.length - 1, file.length) }, file.subarray(last)));
    expect(reads()).toBe(0);
    expect(res.data.fid).toBe(await fidOf(streamOfBytes(file), pureHashers));
  });

  it('keeps no record per chunk: the session after 400 chunks is as small as after 4', async () => {
    const env = setup();
    const file = data(400 * 16, 6);
    const size = async () => {
      const session = await env.uploads.byKey(NAMESPACE, JSON.stringify([SIGNED.account, 'many.bin', String(file.length)]));
      return JSON.stringify(session).length;
    };
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i++) expect((await env.put('many.bin', { ...SIGNED, ...range(i * 16, i * 16 + 15, file.length) }, file.subarray(i * 16, i * 16 + 16))).status).toBe(308);
    };
    await send(0, 4);
    const early = await size();
    await send(4, 399);
    expect(await size()).toBeLessThan(early + 64); // the received range's digits, not a record per chunk
    const res = await done(await env.put('many.bin', { ...SIGNED, territory: 't', ...range(399 * 16, file.length - 1, file.length) }, file.subarray(399 * 16)));
    expect(res.data.fid).toBe(await fidOf(streamOfBytes(file), pureHashers));
  });

  it('idleExpiryMs drops a stale partial upload', async () => {
    const env = setup({ idleExpiryMs: 60_000 });
    expect((await env.put('c.bin', { ...SIGNED, ...range(0, 1, 4) }, 'ab')).status).toBe(308);
    env.clock.advance(60_001);
    await expectEnvelope(await env.put('c.bin', { ...SIGNED, ...range(2, 3, 4) }, 'cd'), 400, ILLEGAL);
  });
});

describe('bug-compatible append mode (the real O_APPEND writes)', () => {
  it('a resent chunk is appended again and the fid covers the duplicated bytes', async () => {
    const env = setup({ bugCompatibleAppend: true });
    expect((await env.put('d.bin', { ...SIGNED, ...range(0, 3, 11) }, 'hell')).status).toBe(308);
    expect((await env.put('d.bin', { ...SIGNED, ...range(0, 3, 11) }, 'hell')).status).toBe(308);
    // still a gap when start lies beyond what is held
    await expectEnvelope(await env.put('d.bin', { ...SIGNED, ...range(9, 10, 11) }, 'ld'), 400, ILLEGAL);
    const last = await done(await env.put('d.bin', { ...SIGNED, territory: 't', ...range(4, 10, 11) }, 'o world'));
    const corrupt = new TextEncoder().encode('hellhello world');
    expect(last.data.fid).toBe(await fidOf(streamOfBytes(corrupt), pureHashers));
    expect(new TextDecoder().decode(await env.stored(last.data.fid))).toBe('hellhello world');
  });

  it('well-behaved sequential clients get the same fid in both modes', async () => {
    const fids = [];
    for (const bugCompatibleAppend of [false, true]) {
      const env = setup({ bugCompatibleAppend });
      await env.put('e.bin', { ...SIGNED, ...range(0, 3, 11) }, 'hell');
      await env.put('e.bin', { ...SIGNED, ...range(4, 7, 11) }, 'o wo');
      fids.push((await done(await env.put('e.bin', { ...SIGNED, territory: 't', ...range(8, 10, 11) }, 'rld'))).data.fid);
    }
    expect(fids).toEqual(['56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9', '56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9']);
  });
});

describe('read-back by fid', () => {
  async function stored() {
    const env = setup();
    const file = data(1000, 9);
    const { data: d } = await done(await env.put('f.bin', { ...SIGNED, territory: 't', ...range(0, 999, 1000) }, file));
    return { env, file, url: (p: string) => `http://localhost/file/${p}/${d.fid}` };
  }

  it('download: 200, octet-stream, the whole file', async () => {
    const { env, file, url } = await stored();
    const res = await env.app.request(url('download'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(file))).toBe(true);
  });

  it('open: 206 for one range (also suffix and open-ended), envelope 416 past the end or for several ranges, 200 without Range', async () => {
    const { env, file, url } = await stored();
    const get = (r?: string) => env.app.request(url('open'), r === undefined ? {} : { headers: { range: r } });
    const cases: [string, number, number][] = [
      ['bytes=10-19', 10, 20],
      ['bytes=990-', 990, 1000],
      ['bytes=-5', 995, 1000],
      ['bytes=900-5000', 900, 1000],
    ];
    for (const [r, start, end] of cases) {
      const res = await get(r);
      expect(res.status, r).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end - 1}/1000`);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(file.subarray(start, end)))).toBe(true);
    }
    await expectEnvelope(await get('bytes=1000-'), 416, 'invalid range end');
    await expectEnvelope(await get('bytes=0-1,5-6'), 416, 'invalid range value');
    await expectEnvelope(await get('bytes=x-y'), 416, 'invalid range value');
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('text/plain; charset=utf-8'); // .bin is not a known extension: text
    expect([previewType('clip.MP4'), previewType('a.json'), previewType('README'), previewType(undefined)]).toEqual([
      'video/mp4',
      'application/json',
      'text/plain; charset=utf-8',
      'text/plain; charset=utf-8',
    ]);
    expect((await whole.arrayBuffer()).byteLength).toBe(1000);
  });
});

describe('earlyTerritoryCheck', () => {
  it('refuses a first chunk whose territory is missing or too small, before any byte is stored', async () => {
    const env = setup({ earlyTerritoryCheck: true, territories: ['small:100663296'] });
    await expectEnvelope(await env.put('g.bin', { ...SIGNED, ...range(0, 1, 4) }, 'ab'), 400, 'please purchase territory first');
    await expectEnvelope(await env.put('g.bin', { ...SIGNED, territory: 'small', ...range(0, 1, 100663297) }, 'ab'), 400, 'insufficient territory space');
    expect((await env.put('g.bin', { ...SIGNED, territory: 'small', ...range(0, 1, 4) }, 'ab')).status).toBe(308);
    // off (the default, faithful): the first chunk passes without a territory
    expect((await setup({ territories: ['small:100663296'] }).put('g.bin', { ...SIGNED, ...range(0, 1, 4) }, 'ab')).status).toBe(308);
  });
});
