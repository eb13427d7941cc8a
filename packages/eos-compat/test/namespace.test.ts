import { ManualClock, SeededIds, Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type EosDialectOptions, eosDialect } from '../src/index';

// EOS's namespace as WebDAV clients see it: no implicit parents (409), MKCOL, PROPFIND, MOVE,
// DELETE of directories, HEAD on a directory, and the ownCloud headers of a whole-file PUT.
function setup(options: Partial<EosDialectOptions> = {}) {
  const uploads = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, clock: new ManualClock(Date.UTC(2026, 0, 2)), ids: new SeededIds('ns') });
  const app = new Hono().route('/', eosDialect({ uploads, ...options }));
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    app.request(`http://127.0.0.1${path}`, { method, headers: { ...(body !== undefined && { 'content-length': String(body.length) }), ...headers }, body });
  const put = (path: string, body: string, headers: Record<string, string> = {}) => call('PUT', path, headers, body);
  return { app, call, put };
}

/** The hrefs and whether each is a collection, from a PROPFIND answer. */
async function listing(res: Response): Promise<Array<[string, boolean]>> {
  expect(res.status).toBe(207);
  expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  const text = await res.text();
  return [...text.matchAll(/<d:response><d:href>([^<]*)<\/d:href>(.*?)<\/d:response>/g)].map((m) => [m[1]!, m[2]!.includes('<d:collection/>')]);
}

describe('EOS namespace', () => {
  it('refuses a file below a missing directory with 409, as EOS does not make parents; MKCOL makes one', async () => {
    const t = setup();
    const missing = await t.put('/eos/inst/new/a.txt', 'abc');
    expect([missing.status, await missing.text()]).toEqual([409, 'No such file or directory\n']);
    expect((await t.call('MKCOL', '/eos/inst/new/deeper')).status).toBe(409); // its parent is missing too
    expect((await t.call('MKCOL', '/eos/inst/new')).status).toBe(201);
    expect((await t.call('MKCOL', '/eos/inst/new/')).status).toBe(405); // exists
    expect((await t.put('/eos/inst/new/a.txt', 'abc')).status).toBe(201);
    expect((await t.call('MKCOL', '/eos/inst/new/a.txt')).status).toBe(405); // a file has that name
    expect((await t.put('/eos/inst/new/a.txt/b', 'x')).status).toBe(409); // a file is no directory
    // the top directories (/eos, /eos/<instance>) always exist
    expect((await t.put('/eos/inst/top.txt', 'x')).status).toBe(201);
  });

  it('makes parents on demand with createParents', async () => {
    const t = setup({ createParents: true });
    expect((await t.put('/eos/inst/a/b/c.txt', 'abc')).status).toBe(201);
    expect(await listing(await t.call('PROPFIND', '/eos/inst/a', { depth: '1' }))).toEqual([
      ['/eos/inst/a/', true],
      ['/eos/inst/a/b/', true],
    ]);
  });

  it('PROPFIND: Depth 0 and 1, with the properties EOS returns', async () => {
    const t = setup();
    await t.call('MKCOL', '/eos/inst/d');
    await t.call('MKCOL', '/eos/inst/d/sub');
    await t.put('/eos/inst/d/hello world.txt', 'hello world!', { 'x-upload-mtime': '1700000000' });
    expect(await listing(await t.call('PROPFIND', '/eos/inst/d/', { depth: '0' }))).toEqual([['/eos/inst/d/', true]]);
    expect(await listing(await t.call('PROPFIND', '/eos/inst/d', { depth: '1' }))).toEqual([
      ['/eos/inst/d/', true],
      ['/eos/inst/d/hello%20world.txt', false],
      ['/eos/inst/d/sub/', true],
    ]);
    const file = await (await t.call('PROPFIND', '/eos/inst/d/hello%20world.txt', { depth: '0' })).text();
    expect(file).toContain('<d:getcontentlength>12</d:getcontentlength>');
    expect(file).toContain(`<d:getlastmodified>${new Date(1700000000_000).toUTCString()}</d:getlastmodified>`);
    expect(file).toContain('<oc:checksum>ADLER32:1e89047e</oc:checksum>'); // zlib.adler32(b'hello world!')
    expect(file).toMatch(/<d:getetag>"\d+:1e89047e"<\/d:getetag>/);
    const gone = await t.call('PROPFIND', '/eos/inst/nothing', { depth: '0' });
    expect([gone.status, await gone.text()]).toEqual([404, 'No such file or directory\n']);
  });

  it('HEAD on a directory is 200 with ETag and Last-Modified; GET and DELETE of a missing file say EOS\'s text', async () => {
    const t = setup();
    await t.call('MKCOL', '/eos/inst/h');
    const head = await t.call('HEAD', '/eos/inst/h/');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^"\d+:\d+"$/);
    expect(head.headers.get('last-modified')).toBe(new Date(Date.UTC(2026, 0, 2)).toUTCString());
    for (const method of ['GET', 'DELETE']) {
      const res = await t.call(method, '/eos/inst/h/missing');
      expect([res.status, await res.text()]).toEqual([404, 'No such file or directory\n']);
    }
  });

  it('MOVE renames a file or a directory with its contents; Overwrite: F keeps the destination', async () => {
    const t = setup();
    await t.call('MKCOL', '/eos/inst/src');
    await t.put('/eos/inst/src/a.txt', 'aaa');
    await t.put('/eos/inst/other.txt', 'ooo');
    expect((await t.call('MOVE', '/eos/inst/src/a.txt', { destination: 'http://127.0.0.1/eos/inst/b.txt' })).status).toBe(201);
    expect(await (await t.call('GET', '/eos/inst/b.txt')).text()).toBe('aaa');
    expect((await t.call('GET', '/eos/inst/src/a.txt')).status).toBe(404);
    expect((await t.call('MOVE', '/eos/inst/b.txt', { destination: '/eos/inst/other.txt', overwrite: 'F' })).status).toBe(412);
    expect((await t.call('MOVE', '/eos/inst/b.txt', { destination: '/eos/inst/other.txt' })).status).toBe(204);
    expect(await (await t.call('GET', '/eos/inst/other.txt')).text()).toBe('aaa');
    await t.put('/eos/inst/src/c.txt', 'ccc');
    expect((await t.call('MOVE', '/eos/inst/src/', { destination: '/eos/inst/dst/' })).status).toBe(201);
    expect(await (await t.call('GET', '/eos/inst/dst/c.txt')).text()).toBe('ccc');
    expect((await t.call('HEAD', '/eos/inst/src')).status).toBe(404);
    expect((await t.call('MOVE', '/eos/inst/dst', { destination: '/eos/inst/none/x' })).status).toBe(409);
  });

  it('DELETE of a directory removes everything below it', async () => {
    const t = setup();
    await t.call('MKCOL', '/eos/inst/r');
    await t.call('MKCOL', '/eos/inst/r/s');
    await t.put('/eos/inst/r/s/f.txt', 'f');
    expect((await t.call('DELETE', '/eos/inst/r/')).status).toBe(204);
    expect((await t.call('GET', '/eos/inst/r/s/f.txt')).status).toBe(404);
    expect((await t.call('PROPFIND', '/eos/inst/r', { depth: '0' })).status).toBe(404);
    expect((await t.call('DELETE', '/eos/')).status).toBe(403); // never the whole namespace
  });

  it('a whole-file PUT honours OC-Checksum (412 on a mismatch) and X-OC-Mtime (answered accepted)', async () => {
    const t = setup();
    const wrong = await t.put('/eos/inst/oc.txt', 'hello world!', { 'oc-checksum': 'Adler32:00000001' });
    expect(wrong.status).toBe(412);
    expect((await t.call('GET', '/eos/inst/oc.txt')).status).toBe(404); // refused and removed, as EOS does
    const ok = await t.put('/eos/inst/oc.txt', 'hello world!', { 'oc-checksum': 'Adler32:1e89047e', 'x-oc-mtime': '1600000000' });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('x-oc-mtime')).toBe('accepted');
    expect((await t.call('HEAD', '/eos/inst/oc.txt')).headers.get('last-modified')).toBe(new Date(1600000000_000).toUTCString());
  });

  it('answers OPTIONS with EOS\'s DAV and Allow headers', async () => {
    const res = await setup().call('OPTIONS', '/eos/inst/');
    expect(res.headers.get('dav')).toBe('1,2');
    expect(res.headers.get('allow')).toBe('OPTIONS,GET,HEAD,PUT,DELETE,TRACE,PROPFIND,PROPPATCH,MKCOL,COPY,MOVE,LOCK,UNLOCK');
  });
});
