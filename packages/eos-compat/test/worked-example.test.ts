import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, pattern, startEos } from './helpers';

// spec §11: a 2285-byte file in three pieces, driven with curl like EOS's own examples
const FILE = pattern(2285);
const PIECES = [
  { range: 'bytes=0-1023', bytes: FILE.subarray(0, 1024) },
  { range: 'bytes=1024-2047', bytes: FILE.subarray(1024, 2048) },
  { range: 'bytes=2048-2284', bytes: FILE.subarray(2048) },
] as const;
const COMMON = { 'x-upload-totalsize': 2285, 'x-upload-mtime': 1533100000, 'x-upload-checksum': 'adler32:121f5089' };

let eos: Harness;
beforeAll(async () => (eos = await startEos()));
afterAll(() => eos.close());

const download = async (path: string) => (await eos.curl([`${eos.url}${path}`])).body;

describe('EOS worked example (spec §11)', () => {
  it('A: in order, the last piece completes and verifies', async () => {
    const p = '/eos/http/a.bin';
    const r1 = await eos.putPiece(p, PIECES[0].bytes, { ...COMMON, 'x-upload-range': PIECES[0].range });
    expect(r1.status).toBe(201);
    expect(r1.headers['etag']).toBeUndefined(); // mtime was sent: no headers on intermediate pieces
    expect((await eos.putPiece(p, PIECES[1].bytes, { ...COMMON, 'x-upload-range': PIECES[1].range })).status).toBe(201);
    const r3 = await eos.putPiece(p, PIECES[2].bytes, { ...COMMON, 'x-upload-range': PIECES[2].range });
    expect(r3.status).toBe(201);
    expect(r3.body.length).toBe(0);
    const inode = r3.headers['x-eos-inode']!;
    expect(BigInt(inode) % (1n << 28n)).toBe(0n);
    expect(r3.headers).toMatchObject({
      etag: `"${inode}:121f5089"`,
      'last-modified': 'Wed, 01 Aug 2018 05:06:40 GMT',
      'x-eos-checksum': 'adler32:121f5089',
      'content-length': '0',
    });
    expect(Buffer.compare(await download(p), Buffer.from(FILE))).toBe(0);
  });

  it('B: out of order with explicit x-upload-done', async () => {
    const p = '/eos/http/b.bin';
    expect((await eos.putPiece(p, PIECES[2].bytes, { ...COMMON, 'x-upload-range': PIECES[2].range, 'x-upload-done': 'false' })).status).toBe(201);
    const head = await eos.curl(['-I', `${eos.url}${p}`]);
    expect(head.headers['content-length']).toBe('2285'); // size is the highest end written, holes read as zeros
    expect((await eos.putPiece(p, PIECES[0].bytes, { ...COMMON, 'x-upload-range': PIECES[0].range, 'x-upload-done': 'false' })).status).toBe(201);
    const r = await eos.putPiece(p, PIECES[1].bytes, { ...COMMON, 'x-upload-range': PIECES[1].range, 'x-upload-done': 'true' });
    expect(r.status).toBe(201);
    expect(r.headers['x-eos-checksum']).toBe('adler32:121f5089');
    expect(Buffer.compare(await download(p), Buffer.from(FILE))).toBe(0);
  });

  it('C: a forgotten done:false makes the tail final too early: 412 and the file is gone', async () => {
    const p = '/eos/http/c.bin';
    const r = await eos.putPiece(p, PIECES[2].bytes, { ...COMMON, 'x-upload-range': PIECES[2].range });
    expect(r.status).toBe(412);
    expect(r.body.length).toBe(0); // released EOS sends no body
    expect((await eos.curl([`${eos.url}${p}`])).status).toBe(404);
  });

  it('E: leading zeros: the server value is compared without them, the client value as sent', async () => {
    const zeros = new Uint8Array(1 << 20);
    const one = { 'x-upload-totalsize': zeros.length, 'x-upload-range': `bytes=0-${zeros.length - 1}` };
    expect((await eos.putPiece('/eos/z/padded', zeros, { ...one, 'x-upload-checksum': 'adler32:00f00001' })).status).toBe(412);
    expect((await eos.putPiece('/eos/z/bare', zeros, { ...one, 'x-upload-checksum': 'adler32:f00001' })).status).toBe(201);
    expect((await eos.putPiece('/eos/z/upper', zeros, { ...one, 'x-upload-checksum': 'ADLER32:F00001' })).status).toBe(412);
    expect((await eos.putPiece('/eos/z/empty', zeros, { ...one, 'x-upload-checksum': 'adler32:' })).status).toBe(412);
  });

  it('F: a body that does not match the range, and a range past the end, get 416 with EOS text', async () => {
    const p = '/eos/http/f.bin';
    expect((await eos.putPiece(p, PIECES[0].bytes, { ...COMMON, 'x-upload-range': PIECES[0].range })).status).toBe(201);
    const bad = await eos.putPiece(p, new Uint8Array(300), { ...COMMON, 'x-upload-range': 'bytes=2048-2284' });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-type']).toBe('text/html');
    expect(bad.body.toString()).toBe('Illegal Range request - not matching content length\n');
    expect((await eos.curl([`${eos.url}${p}`])).status).toBe(404); // EOS drops the whole file
    const past = await eos.putPiece(p, new Uint8Array(16), { ...COMMON, 'x-upload-range': 'bytes=2285-2300' });
    expect(past.status).toBe(416);
    expect(past.body.toString()).toBe('Illegal Range request\n');
  });

  it('clips an end past the total when the body fits', async () => {
    const p = '/eos/http/clip.bin';
    await eos.putPiece(p, FILE.subarray(0, 2048), { ...COMMON, 'x-upload-range': 'bytes=0-2047' });
    const r = await eos.putPiece(p, PIECES[2].bytes, { ...COMMON, 'x-upload-range': 'bytes=2048-99999' });
    expect(r.status).toBe(201);
    expect(Buffer.compare(await download(p), Buffer.from(FILE))).toBe(0);
  });
});
