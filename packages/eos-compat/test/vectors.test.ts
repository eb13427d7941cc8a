import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, pattern, startEos } from './helpers';

// spec §12 (the empty row cannot be uploaded with a range PUT, §3.3)
const te = new TextEncoder();
const VECTORS: Array<[string, Uint8Array, string, string]> = [
  ['a', te.encode('a'), '00620062', '620062'],
  ['abc', te.encode('abc'), '024d0127', '24d0127'],
  ['message digest', te.encode('message digest'), '29750586', '29750586'],
  ['Wikipedia', te.encode('Wikipedia'), '11e60398', '11e60398'],
  ['alphabet', te.encode('abcdefghijklmnopqrstuvwxyz'), '90860b20', '90860b20'],
  ['1 MiB of zeros', new Uint8Array(1 << 20), '00f00001', 'f00001'],
  ['32 MiB of zeros', new Uint8Array(32 << 20), '1e000001', '1e000001'],
  ['§11 file', pattern(2285), '121f5089', '121f5089'],
];

let eos: Harness;
let md5dir: Harness;
beforeAll(async () => {
  eos = await startEos();
  md5dir = await startEos({ checksum: 'adler', checksumDirs: ['/eos/md5/=md5'] });
});
afterAll(async () => {
  await eos.close();
  await md5dir.close();
});

const whole = (n: number) => ({ 'x-upload-totalsize': n, 'x-upload-range': `bytes=0-${n - 1}` });

describe('spec §12 vectors', () => {
  it.each(VECTORS)('%s: adler32 as EOS expects it, full width on HEAD', async (name, bytes, full, expected) => {
    const p = `/eos/v/${encodeURIComponent(name)}`;
    const ok = await eos.putPiece(p, bytes, { ...whole(bytes.length), 'x-upload-checksum': `adler32:${expected}`, 'x-upload-mtime': 1 });
    expect(ok.status).toBe(201);
    expect(ok.headers['etag']).toMatch(new RegExp(`^"\\d+:${full}"$`));
    const head = await eos.curl(['-I', '-H', 'Want-Digest: adler32', `${eos.url}${p}`]);
    expect(head.headers['digest']).toBe(`adler32=${full}`);
    const repr = await eos.curl(['-H', 'Want-Repr-Digest: adler32', `${eos.url}${p}`]);
    expect(repr.headers['repr-digest']).toBe(`adler32=:${Buffer.from(full, 'hex').toString('base64')}:`);
    expect(repr.headers['oc-checksum']).toBe(`Adler32:${expected}`);
    if (full !== expected)
      expect((await eos.putPiece(`${p}-padded`, bytes, { ...whole(bytes.length), 'x-upload-checksum': `adler32:${full}` })).status).toBe(412);
  });

  it.each(VECTORS.slice(0, 6))('%s: md5 in an md5 directory', async (_, bytes) => {
    const md5 = createHash('md5').update(bytes).digest('hex');
    const sent = md5.replace(/^0+/, ''); // the leading-zero rule holds for MD5 too (md5('a') starts with 0)
    const p = `/eos/md5/${md5}`;
    const r = await md5dir.putPiece(p, bytes, { ...whole(bytes.length), 'x-upload-checksum': `md5:${sent}`, 'x-upload-mtime': 5 });
    expect(r.status).toBe(201);
    expect(r.headers['etag']).toBe(`"${md5}"`);
    expect(r.headers['x-eos-checksum']).toBe(`md5:${sent}`);
    expect((await md5dir.curl(['-I', '-H', 'Want-Digest: md5', `${md5dir.url}${p}`])).headers['digest']).toBe(`md5=${md5}`);
    expect((await md5dir.putPiece(`${p}-bad`, bytes, { ...whole(bytes.length), 'x-upload-checksum': 'md5:0000' })).status).toBe(412);
  });

  it('verifies nothing when the client type differs from the layout, and echoes nothing', async () => {
    const r = await eos.putPiece('/eos/v/other', te.encode('abc'), { ...whole(3), 'x-upload-checksum': 'md5:nonsense', 'x-upload-mtime': 1 });
    expect(r.status).toBe(201);
    expect(r.headers['x-eos-checksum']).toBeUndefined();
  });

  it('accepts padded and upper-case values in lenient mode only', async () => {
    const lenient = await startEos({ lenientChecksum: true });
    try {
      const zeros = new Uint8Array(1 << 20);
      expect((await lenient.putPiece('/eos/l/a', zeros, { ...whole(zeros.length), 'x-upload-checksum': 'adler32:00F00001' })).status).toBe(201);
      expect((await lenient.putPiece('/eos/l/b', zeros, { ...whole(zeros.length), 'x-upload-checksum': 'adler32:00f00002' })).status).toBe(412);
    } finally {
      await lenient.close();
    }
  });

  it('checks nothing in a directory without a checksum layout', async () => {
    const none = await startEos({ checksum: 'none' });
    try {
      const r = await none.putPiece('/eos/n/x', te.encode('abc'), { ...whole(3), 'x-upload-checksum': 'adler32:abcdabcd' });
      expect(r.status).toBe(201);
    } finally {
      await none.close();
    }
  });
});
