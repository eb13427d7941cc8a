import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/index';
import { chromiumAvailable, launchChromium } from './chromium';

// A page served from one origin uploads through each dialect of a gateway on another origin,
// as a browser uploader would: every request is a real cross-origin fetch with its preflight,
// and every header the test reads is one the page itself could read.
const available = chromiumAvailable('CORS browser test');
const TOKEN = 'cors-admin-token';

/** A page server on its own port, so the page's origin differs from the gateway's. */
async function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>uploader</title>'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!available)('browser uploads from another origin (--cors-origins)', () => {
  let pages: { origin: string; server: Server };
  let other: { origin: string; server: Server };
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    pages = await pageServer();
    other = await pageServer();
    gateway = await startGateway({
      config: { corsOrigins: [pages.origin], adminToken: TOKEN, box: { minFileSize: 1 }, deoss: { auth: 'off' } },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(pages.origin);
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    pages?.server.close();
    other?.server.close();
  });

  it('Box: session, part with Digest, commit, ranged download with Content-Range', async () => {
    const got = await page.evaluate(async (base) => {
      const data = new TextEncoder().encode('box bytes sent from a browser page');
      const sha = async (b: Uint8Array<ArrayBuffer>) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-1', b))));
      const json = { 'content-type': 'application/json', authorization: 'Bearer any' };
      const session = await (
        await fetch(`${base}/api/2.0/files/upload_sessions`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ folder_id: '0', file_size: data.length, file_name: 'browser.bin' }),
        })
      ).json();
      const put = await fetch(session.session_endpoints.upload_part, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${data.length - 1}/${data.length}`, digest: `sha=${await sha(data)}`, 'content-type': 'application/octet-stream' },
        body: data,
      });
      const { part } = await put.json();
      const commit = await fetch(session.session_endpoints.commit, {
        method: 'POST',
        headers: { ...json, digest: `sha=${await sha(data)}` },
        body: JSON.stringify({ parts: [part] }),
      });
      const file = (await commit.json()).entries[0];
      const read = await fetch(`${base}/api/2.0/files/${file.id}/content`, { headers: { authorization: 'Bearer any', range: 'bytes=4-8' } });
      return { put: put.status, commit: commit.status, read: read.status, contentRange: read.headers.get('content-range'), body: await read.text() };
    }, gateway.url);
    expect(got).toEqual({ put: 200, commit: 201, read: 206, contentRange: 'bytes 4-8/34', body: 'bytes' });
  });

  it('EOS: two range pieces, ETag and x-eos-inode on the last, Digest on HEAD', async () => {
    const got = await page.evaluate(async (base) => {
      const piece = (range: string, body: string, extra: Record<string, string> = {}) =>
        fetch(`${base}/eos/web/page.txt`, { method: 'PUT', headers: { 'x-upload-range': range, 'x-upload-totalsize': '12', ...extra }, body });
      const first = await piece('bytes=0-5', 'hello ');
      const last = await piece('bytes=6-11', 'world!', { 'x-upload-mtime': '1767225600' });
      const head = await fetch(`${base}/eos/web/page.txt`, { method: 'HEAD', headers: { 'want-digest': 'adler32' } });
      return {
        first: first.status,
        last: last.status,
        etag: last.headers.get('etag'),
        inode: last.headers.get('x-eos-inode'),
        digest: head.headers.get('digest'),
        body: await (await fetch(`${base}/eos/web/page.txt`)).text(),
      };
    }, gateway.url);
    expect(got).toMatchObject({ first: 201, last: 201, body: 'hello world!' });
    expect(got.etag).toMatch(/^"?\w+/);
    expect(got.inode).toMatch(/^\d+$/);
    expect(got.digest).toBe('adler32=1e89047e'); // python3: zlib.adler32(b'hello world!')
  });

  it('DeOSS: 308 with Content-Range while unfinished, then the fid, then the download', async () => {
    const got = await page.evaluate(async (base) => {
      const chunk = (range: string, body: string) =>
        fetch(`${base}/resume/page.txt`, { method: 'PUT', headers: { 'content-range': range, territory: 'web', account: 'cXabc' }, body });
      const first = await chunk('bytes 0-5/12', 'hello ');
      const last = await chunk('bytes 6-11/12', 'world!');
      const { data } = await last.json();
      const read = await fetch(`${base}/file/download/${data.fid}`);
      return { first: first.status, range: first.headers.get('content-range'), last: last.status, body: await read.text() };
    }, gateway.url);
    expect(got).toEqual({ first: 308, range: 'bytes 0-5/12', last: 200, body: 'hello world!' });
  });

  it('ClickHelp: Step 1, chunks answered 202 with a readable Range, 201 with the file', async () => {
    const got = await page.evaluate(async (base) => {
      const url = `${base}/api/v1/storage/web/page.txt?format=resumable`;
      const start = await fetch(url, { method: 'POST' });
      const first = await fetch(url, { method: 'PUT', headers: { 'content-range': 'bytes 0-5/12' }, body: 'hello ' });
      const last = await fetch(url, { method: 'PUT', headers: { 'content-range': 'bytes 6-11/12' }, body: 'world!' });
      return { start: start.status, first: first.status, range: first.headers.get('range'), last: last.status, size: (await last.json()).size };
    }, gateway.url);
    expect(got).toEqual({ start: 200, first: 202, range: 'bytes=0-5', last: 201, size: 12 });
  });

  it('the admin API answers a listed origin that sends the token, state-changing calls included', async () => {
    const got = await page.evaluate(
      async ([base, token]) => {
        const auth = { authorization: `Bearer ${token}` };
        const add = await fetch(`${base}/_rangeway/faults`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'from-page', path: '/never', action: 'status', status: 503 }),
        });
        const sessions = await fetch(`${base}/_rangeway/sessions`, { headers: auth });
        const removed = await fetch(`${base}/_rangeway/faults/from-page`, { method: 'DELETE', headers: auth });
        return { add: add.status, sessions: sessions.status, listed: Array.isArray((await sessions.json()).sessions), removed: removed.status };
      },
      [gateway.url, TOKEN] as const,
    );
    expect(got).toEqual({ add: 201, sessions: 200, listed: true, removed: 204 });
  });

  it('a page from an origin not listed cannot upload, and nothing it sent is stored', async () => {
    const stranger = await browser.newPage();
    try {
      await stranger.goto(other.origin);
      const outcome = await stranger.evaluate(async (base) => {
        try {
          await fetch(`${base}/eos/web/stranger.txt`, { method: 'PUT', headers: { 'x-upload-range': 'bytes=0-4', 'x-upload-totalsize': '5' }, body: 'nope!' });
          return 'answered';
        } catch (e) {
          return (e as Error).name;
        }
      }, gateway.url);
      expect(outcome).toBe('TypeError'); // the preflight was refused, so the PUT was never sent
      expect((await fetch(`${gateway.url}/eos/web/stranger.txt`)).status).toBe(404);
    } finally {
      await stranger.close();
    }
  });
});
