import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, pattern, startEos } from './helpers';

let eos: Harness;
beforeAll(async () => (eos = await startEos()));
afterAll(() => eos.close());

const FILE = pattern(2285);
const piece = (first: number, last: number, extra: Record<string, string | number> = {}) => ({
  'x-upload-range': `bytes=${first}-${last}`,
  'x-upload-totalsize': 2285,
  ...extra,
});

describe('EOS range PUT details', () => {
  it('only the exact strings true/false in x-upload-done count', async () => {
    const p = '/eos/d/done';
    // "True" is ignored, so the tail piece is final by the implicit rule and fails its checksum
    const r = await eos.putPiece(p, FILE.subarray(2048), piece(2048, 2284, { 'x-upload-done': 'True', 'x-upload-checksum': 'adler32:121f5089' }));
    expect(r.status).toBe(412);
  });

  it('sends an ETag on intermediate pieces without x-upload-mtime, and only an ETag on the final one', async () => {
    const p = '/eos/d/etag';
    const r1 = await eos.putPiece(p, FILE.subarray(0, 2048), piece(0, 2047));
    expect(r1.status).toBe(201);
    expect(r1.headers['etag']).toMatch(/^"\d+:\d+"$/);
    const r2 = await eos.putPiece(p, FILE.subarray(2048), piece(2048, 2284, { 'x-upload-checksum': 'adler32:121f5089' }));
    expect(r2.headers['etag']).toMatch(/^"\d+:121f5089"$/);
    expect(r2.headers['last-modified']).toBeUndefined();
    expect(r2.headers['x-eos-checksum']).toBeUndefined();
  });

  it('accepts repeated and overlapping pieces (last write wins) and re-verifies a repeated final piece', async () => {
    const p = '/eos/d/repeat';
    await eos.putPiece(p, new Uint8Array(1024).fill(9), piece(0, 1023, { 'x-upload-done': 'false' }));
    await eos.putPiece(p, FILE.subarray(512, 2285), piece(512, 2284, { 'x-upload-done': 'false' }));
    const r = await eos.putPiece(p, FILE.subarray(0, 1024), piece(0, 1023, { 'x-upload-done': 'true', 'x-upload-checksum': 'adler32:121f5089' }));
    expect(r.status).toBe(201);
    // after completion a repeated piece is an ordinary write; as final piece it is verified again
    const again = await eos.putPiece(p, FILE.subarray(2048), piece(2048, 2284, { 'x-upload-checksum': 'adler32:121f5089' }));
    expect(again.status).toBe(201);
    expect(Buffer.compare((await eos.curl([`${eos.url}${p}`])).body, Buffer.from(FILE))).toBe(0);
  });

  it('needs a Content-Length, a total and a bytes= range', async () => {
    const chunked = await eos.curl(['-X', 'PUT', '-H', 'Transfer-Encoding: chunked', '-H', 'x-upload-range: bytes=0-2', '-H', 'x-upload-totalsize: 3', '--data-binary', 'abc', `${eos.url}/eos/d/len`]);
    expect(chunked.status).toBe(411);
    const noTotal = await eos.putPiece('/eos/d/len', FILE.subarray(0, 3), { 'x-upload-range': 'bytes=0-2' });
    expect(noTotal.status).toBe(400);
    const badUnit = await eos.putPiece('/eos/d/len', FILE.subarray(0, 3), { 'x-upload-range': 'Bytes=0-2', 'x-upload-totalsize': 3 });
    expect(badUnit.status).toBe(416);
    expect(badUnit.body.toString()).toBe('Illegal Range request\n');
    const multi = await eos.putPiece('/eos/d/len', FILE.subarray(0, 3), { 'x-upload-range': 'bytes=0-0,2-3', 'x-upload-totalsize': 9 });
    expect(multi.status).toBe(416);
  });

  it('answers a path ending in / with 501, and a plain PUT writes the whole file', async () => {
    // (curl -T would append the file name to a URL ending in /, so send the body another way)
    const dir = await eos.curl(['-X', 'PUT', '--data-binary', 'abc', '-H', 'x-upload-range: bytes=0-2', '-H', 'x-upload-totalsize: 3', `${eos.url}/eos/d/`]);
    expect(dir.status).toBe(501);
    expect(dir.body.toString()).toBe('Not Implemented\n');
    const plain = await eos.curl(['-X', 'PUT', '-T', eos.file(FILE), '-H', 'x-upload-checksum: adler32:121f5089', `${eos.url}/eos/d/plain`]);
    expect(plain.status).toBe(201);
    expect(plain.headers['x-oc-mtime']).toBeUndefined(); // only with x-upload-mtime
    expect(Buffer.compare((await eos.curl([`${eos.url}/eos/d/plain`])).body, Buffer.from(FILE))).toBe(0);
  });

  it('a plain PUT with x-upload-mtime answers ETag, X-OC-Mtime and OC-FileId instead of the range-style headers', async () => {
    const args = ['-X', 'PUT', '-T', eos.file(FILE), '-H', 'x-upload-checksum: adler32:121f5089', '-H', 'x-upload-mtime: 1533100000'];
    const plain = await eos.curl([...args, `${eos.url}/eos/d/plain-mtime`]);
    expect(plain.status).toBe(201);
    expect(plain.headers['x-oc-mtime']).toBe('accepted');
    expect(plain.headers['oc-fileid']).toMatch(/^\d+$/);
    expect(plain.headers['etag']).toBe(`"${plain.headers['oc-fileid']}:121f5089"`);
    for (const rangeStyle of ['x-eos-inode', 'x-eos-checksum', 'last-modified']) expect(plain.headers[rangeStyle]).toBeUndefined();
    // the range form of the same upload keeps its own headers
    const ranged = await eos.curl([...args, '-H', 'x-upload-range: bytes=0-2284', '-H', 'x-upload-totalsize: 2285', `${eos.url}/eos/d/ranged-mtime`]);
    expect(ranged.headers['x-eos-inode']).toMatch(/^\d+$/);
    expect(ranged.headers['x-oc-mtime']).toBeUndefined();
  });

  it('honours If-Match against the current ETag', async () => {
    const p = '/eos/d/ifmatch';
    const r = await eos.putPiece(p, FILE, { ...piece(0, 2284), 'x-upload-checksum': 'adler32:121f5089' });
    const etag = r.headers['etag']!;
    expect((await eos.putPiece(p, FILE, { ...piece(0, 2284), 'If-Match': '"nope"' })).status).toBe(412);
    expect((await eos.putPiece(p, FILE, { ...piece(0, 2284), 'If-Match': etag })).status).toBe(201);
  });
});

describe('EOS read-back', () => {
  const p = '/eos/r/file.txt';
  beforeAll(async () => {
    await eos.putPiece(p, FILE, { ...piece(0, 2284), 'x-upload-mtime': 1533100000, 'x-upload-checksum': 'adler32:121f5089' });
  });

  it('HEAD: size, type, disposition, ETag, Last-Modified', async () => {
    const h = await eos.curl(['-I', `${eos.url}${p}`]);
    expect(h.status).toBe(200);
    expect(h.headers).toMatchObject({
      'content-length': '2285',
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-disposition': 'filename="file.txt"',
      'last-modified': 'Wed, 01 Aug 2018 05:06:40 GMT',
    });
    expect(h.headers['digest']).toBeUndefined(); // only with a matching Want-Digest
    expect((await eos.curl(['-I', '-H', 'Want-Digest: adler32;q=1', `${eos.url}${p}`])).headers['digest']).toBeUndefined();
    expect((await eos.curl(['-I', `${eos.url}/eos/r/missing`])).status).toBe(404);
  });

  it('GET: whole file with OC-Checksum, one range as 206, several as multipart, bad ones as 416', async () => {
    const full = await eos.curl([`${eos.url}${p}`]);
    expect(full.headers['content-type']).toBe('text/plain');
    expect(full.headers['oc-checksum']).toBe('Adler32:121f5089');
    const one = await eos.curl(['-H', 'Range: bytes=100-199', `${eos.url}${p}`]);
    expect(one.status).toBe(206);
    expect(one.headers['content-range']).toBe('bytes 100-199/2285');
    expect(Buffer.compare(one.body, Buffer.from(FILE.subarray(100, 200)))).toBe(0);
    const multi = await eos.curl(['-H', 'Range: bytes=0-9,2000-', `${eos.url}${p}`]);
    expect(multi.status).toBe(206);
    expect(multi.headers['content-type']).toBe('multipart/byteranges; boundary=EOSMULTIPARTBOUNDARY');
    const text = multi.body.toString('latin1');
    expect(text).toContain('Content-Range: bytes 0-9/2285\r\n\r\n');
    expect(text).toContain('Content-Range: bytes 2000-2284/2285\r\n\r\n');
    expect(text.endsWith('\r\n--EOSMULTIPARTBOUNDARY--\r\n')).toBe(true);
    expect(Number(multi.headers['content-length'])).toBe(multi.body.length);
    const bad = await eos.curl(['-H', 'Range: bytes=5000-6000', `${eos.url}${p}`]);
    expect(bad.status).toBe(416);
    expect(bad.body.toString()).toBe('Illegal Range request\n');
  });

  it('DELETE: 204, then 404', async () => {
    expect((await eos.curl(['-X', 'DELETE', `${eos.url}/eos/r/file.txt`])).status).toBe(204);
    expect((await eos.curl(['-X', 'DELETE', `${eos.url}/eos/r/file.txt`])).status).toBe(404);
  });
});
