import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, pattern, startEos } from './helpers';

// the spec's worked example: 2285 bytes, byte i = i mod 251, whole-file Adler-32 121f5089
const FILE = pattern(2285);
const MD5 = createHash('md5').update(FILE).digest('hex');
let eos: Harness | undefined;
afterEach(async () => {
  await eos?.close();
  eos = undefined;
});

describe('bug-compatible EOS quirks (spec §4.6, §5.3)', () => {
  it('a range without x-upload-totalsize: 400 by default; in bug-compatible mode the body goes to offset 0 as a whole upload', async () => {
    eos = await startEos();
    const args = (path: string) => ['-X', 'PUT', '-T', eos!.file(FILE.subarray(0, 1000)), '-H', 'x-upload-range: bytes=500-1499', '-H', 'x-upload-mtime: 1533100000', `${eos!.url}${path}`];
    expect((await eos.curl(args('/eos/q/strict'))).status).toBe(400);
    await eos.close();

    eos = await startEos({ bugCompatible: true });
    const r = await eos.curl(args('/eos/q/quirk'));
    expect(r.status).toBe(201);
    expect(r.headers['x-oc-mtime']).toBe('accepted');
    expect(r.headers['oc-fileid']).toMatch(/^\d+$/);
    expect(Buffer.compare((await eos.curl([`${eos.url}/eos/q/quirk`])).body, Buffer.from(FILE.subarray(0, 1000)))).toBe(0);
    // no truncation: a shorter unranged body over the file keeps the file's tail
    await eos.curl(['-X', 'PUT', '-T', eos.file(Buffer.alloc(10, 7)), '-H', 'x-upload-range: bytes=0-9', `${eos.url}/eos/q/quirk`]);
    const expected = Buffer.from(FILE.subarray(0, 1000));
    expected.fill(7, 0, 10);
    expect(Buffer.compare((await eos.curl([`${eos.url}/eos/q/quirk`])).body, expected)).toBe(0);
  });

  it('a final piece (x-upload-done: true) at offset 0 after the tail: 201 by default, 412 and the file deleted in bug-compatible mode', async () => {
    const upload = async (path: string) => {
      const head = { 'x-upload-totalsize': 2285, 'x-upload-checksum': 'adler32:121f5089' };
      const tail = await eos!.putPiece(path, FILE.subarray(1024), { ...head, 'x-upload-range': 'bytes=1024-2284', 'x-upload-done': 'false' });
      expect(tail.status).toBe(201);
      return eos!.putPiece(path, FILE.subarray(0, 1024), { ...head, 'x-upload-range': 'bytes=0-1023', 'x-upload-done': 'true' });
    };
    eos = await startEos();
    expect((await upload('/eos/q/head-last')).status).toBe(201);
    expect(Buffer.compare((await eos.curl([`${eos.url}/eos/q/head-last`])).body, Buffer.from(FILE))).toBe(0);
    await eos.close();

    for (const checksum of ['adler', 'md5'] as const) {
      eos = await startEos({ bugCompatible: true, checksum });
      const head = { 'x-upload-totalsize': 2285, 'x-upload-checksum': checksum === 'adler' ? 'adler32:121f5089' : `md5:${MD5}` };
      expect((await eos.putPiece('/eos/q/h', FILE.subarray(1024), { ...head, 'x-upload-range': 'bytes=1024-2284', 'x-upload-done': 'false' })).status).toBe(201);
      const last = await eos.putPiece('/eos/q/h', FILE.subarray(0, 1024), { ...head, 'x-upload-range': 'bytes=0-1023', 'x-upload-done': 'true' });
      expect(last.status).toBe(412);
      expect((await eos.curl([`${eos.url}/eos/q/h`])).status).toBe(404);
      // a final piece at 0 covering the whole file is unaffected
      expect((await eos.putPiece('/eos/q/whole', FILE, { ...head, 'x-upload-range': 'bytes=0-2284' })).status).toBe(201);
      await eos.close();
      eos = undefined;
    }
  });
});
