import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, pattern, startEos } from './helpers';

let eos: Harness;
beforeAll(async () => (eos = await startEos()));
afterAll(() => eos.close());

const body = pattern(10);
const hdr = ['-H', 'x-upload-range: bytes=0-9', '-H', 'x-upload-totalsize: 10'];
const put = (rawPath: string) => eos.curl(['--path-as-is', '-X', 'PUT', '--data-binary', `@${eos.file(body)}`, ...hdr, `${eos.url}${rawPath}`]);

async function storedNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const s of eos.uploads.storage.sessions.list()) names.push(s.target);
  for await (const f of eos.uploads.storage.files.list('eos')) names.push(f.name);
  return names;
}

describe('EOS paths', () => {
  it.each([
    ['encoded slash with dots', '/eos/a%2f..%2f..%2fetc%2fpasswd'],
    ['encoded backslashes', '/eos/a%5c..%5c..%5cwindows'],
    ['NUL', '/eos/a%00b'],
    ['control character', '/eos/a%0ab'],
    ['empty segment', '/eos/a//b'],
    ['bad percent-encoding', '/eos/a%zzb'],
    ['over-long name', `/eos/${'n'.repeat(300)}`],
  ])('refuses %s with 400', async (_, raw) => {
    const r = await put(raw);
    expect(r.status).toBe(400);
  });

  it.each([
    ['dot segments', '/eos/../../etc/passwd'],
    ['encoded dot segments', '/eos/%2e%2e/%2e%2e/etc/passwd'],
  ])('never lets %s leave /eos (URL normalisation resolves them before routing)', async (_, raw) => {
    const r = await put(raw);
    expect(r.status).toBe(404);
  });

  it('stored nothing but the names of the paths it accepted', async () => {
    expect((await put(`/eos/ok/${encodeURIComponent('ünïcødé name.bin')}`)).status).toBe(201);
    expect((await put(`/eos/ok/${encodeURIComponent('weird:*?"<>|#name')}`)).status).toBe(201);
    const names = await storedNames();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      expect(n.startsWith('/eos/ok/')).toBe(true);
      expect(n).not.toMatch(/\.\.|\\|\u0000/);
    }
    expect(names).toContain('/eos/ok/ünïcødé name.bin');
    // blob keys are generated ids, never request data
    for await (const key of eos.uploads.storage.blobs.list('')) expect(key).toMatch(/^(uploads|files)\/[A-Za-z0-9_-]+$/);
  });
});

describe('EOS auth and redirect', () => {
  it('answers 403 without a configured token, 201 with it (header or authz=)', async () => {
    const strict = await startEos({ tokens: ['t0ken'] });
    try {
      const args = (extra: string[], url: string) => ['-X', 'PUT', '--data-binary', '@' + strict.file(body), ...hdr, ...extra, url];
      expect((await strict.curl(args([], `${strict.url}/eos/s/x`))).status).toBe(403);
      expect((await strict.curl(args(['-H', 'Authorization: Bearer wrong'], `${strict.url}/eos/s/x`))).status).toBe(403);
      expect((await strict.curl(args(['-H', 'Authorization: Bearer t0ken'], `${strict.url}/eos/s/x`))).status).toBe(201);
      expect((await strict.curl(args([], `${strict.url}/eos/s/y?authz=t0ken`))).status).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('redirect mode: 307 to a data URL with an opaque capability; curl -L follows it', async () => {
    const r = await startEos({ redirect: true });
    try {
      const file = pattern(2285);
      const first = await r.curl(['-X', 'PUT', '-T', r.file(file), '-H', 'x-upload-range: bytes=0-2284', '-H', 'x-upload-totalsize: 2285', `${r.url}/eos/r/x.bin`]);
      expect(first.status).toBe(307);
      expect(first.headers['location']).toMatch(new RegExp(`^${r.url}/_eos/fst/eos/r/x\\.bin\\?encURI=[0-9a-f]{32}$`));
      expect(first.headers['x-accel-redirect']).toBe(`/internal_redirect/${first.headers['location']!.slice(7)}`);
      const followed = await r.putPiece('/eos/r/x.bin', file, {
        'x-upload-range': 'bytes=0-2284',
        'x-upload-totalsize': 2285,
        'x-upload-checksum': 'adler32:121f5089',
      });
      expect(followed.statuses).toEqual([307, 201]);
      const get = await r.curl(['-L', `${r.url}/eos/r/x.bin`]);
      expect(get.statuses).toEqual([307, 200]);
      expect(Buffer.compare(get.body, Buffer.from(file))).toBe(0);
      // the data endpoint refuses requests without a valid capability
      expect((await r.curl([`${r.url}/_eos/fst/eos/r/x.bin`])).status).toBe(403);
      expect((await r.curl([`${r.url}/_eos/fst/eos/r/x.bin?encURI=${'0'.repeat(32)}`])).status).toBe(403);
      // HEAD is answered directly
      expect((await r.curl(['-I', `${r.url}/eos/r/x.bin`])).status).toBe(200);
    } finally {
      await r.close();
    }
  });
});
