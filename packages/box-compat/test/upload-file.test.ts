import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DATA, smallBox } from './helpers';

// Box's one-request upload: a multipart body, attributes first, then the file (streamed).
const BOUNDARY = 'rangeway-form-boundary';
const utf8 = new TextEncoder();

function form(parts: { name: string; body: string | Uint8Array; filename?: string }[]): Uint8Array<ArrayBuffer> {
  const pieces = parts.flatMap((p) => [
    utf8.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n\r\n`),
    typeof p.body === 'string' ? utf8.encode(p.body) : p.body,
    utf8.encode('\r\n'),
  ]);
  return new Uint8Array(Buffer.concat([...pieces, utf8.encode(`--${BOUNDARY}--\r\n`)]));
}

const hex = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

function setup(options = {}) {
  const t = smallBox(options);
  const upload = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, path = '/api/2.0/files/content') =>
    t.app.request(`http://127.0.0.1${path}`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers } });
  const attributes = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, parent: { id: '0' }, ...extra });
  const listed = async () => (await (await t.call('GET', '/2.0/folders/0/items')).json()).total_count as number;
  return { ...t, upload, attributes, listed };
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect((await res.json()).code).toBe(code);
}

describe('Box one-request upload', () => {
  it('stores the file part and answers 201 with the file; content times from attributes; Content-MD5 checked', async () => {
    const t = setup();
    const body = form([
      { name: 'attributes', body: t.attributes('one.bin', { content_modified_at: '2024-05-06T07:08:09Z' }) },
      { name: 'file', filename: 'one.bin', body: DATA },
    ]);
    const res = await t.upload(body, { 'content-md5': hex(DATA) });
    expect(res.status).toBe(201);
    const file = (await res.json()).entries[0];
    expect(file).toMatchObject({ name: 'one.bin', size: DATA.length, sha1: hex(DATA), content_modified_at: '2024-05-06T07:08:09Z' });
    const location = (await t.call('GET', `/2.0/files/${file.id}/content`)).headers.get('location')!;
    expect(new Uint8Array(await (await t.app.request(location)).arrayBuffer())).toEqual(DATA);
  });

  it('refuses a file part before the attributes (metadata_after_file_contents), a body that is not a form, and a missing file part', async () => {
    const t = setup();
    await expectError(await t.upload(form([{ name: 'file', body: DATA }, { name: 'attributes', body: t.attributes('x.bin') }])), 400, 'metadata_after_file_contents');
    await expectError(await t.upload(form([{ name: 'attributes', body: t.attributes('x.bin') }])), 400, 'bad_request');
    await expectError(await t.upload(DATA as Uint8Array<ArrayBuffer>, { 'content-type': 'application/octet-stream' }), 400, 'bad_request');
    await expectError(await t.upload(form([{ name: 'attributes', body: '{not json' }, { name: 'file', body: DATA }])), 400, 'bad_request');
    expect(await t.listed()).toBe(0);
  });

  it('stores nothing when Content-MD5 differs (400 digest_mismatch), the name is taken (409) or the file is too large (413)', async () => {
    const t = setup({ maxFileSize: 5 });
    await expectError(await t.upload(form([{ name: 'attributes', body: t.attributes('a.bin') }, { name: 'file', body: 'abc' }]), { 'content-md5': hex(DATA) }), 400, 'digest_mismatch');
    expect(await t.listed()).toBe(0);
    expect((await t.upload(form([{ name: 'attributes', body: t.attributes('a.bin') }, { name: 'file', body: 'abc' }]))).status).toBe(201);
    const taken = await t.upload(form([{ name: 'attributes', body: t.attributes('a.bin') }, { name: 'file', body: 'xyz' }]));
    expect(taken.status).toBe(409);
    expect((await taken.json()).context_info.conflicts).toMatchObject({ type: 'file', name: 'a.bin' });
    await expectError(await t.upload(form([{ name: 'attributes', body: t.attributes('big.bin') }, { name: 'file', body: 'too long' }])), 413, 'file_size_limit_exceeded');
    expect(await t.listed()).toBe(1);
  });

  it('uploads a new version at /files/{id}/content, honouring If-Match and If-None-Match', async () => {
    const t = setup();
    const first = (await (await t.upload(form([{ name: 'attributes', body: t.attributes('v.bin') }, { name: 'file', body: 'one' }]))).json()).entries[0];
    const path = `/api/2.0/files/${first.id}/content`;
    const next = () => form([{ name: 'attributes', body: '{}' }, { name: 'file', body: 'two!' }]);
    await expectError(await t.upload(next(), { 'if-match': '9' }, path), 412, 'precondition_failed');
    expect((await t.upload(next(), { 'if-none-match': '0' }, path)).status).toBe(304);
    const v = await t.upload(next(), { 'if-match': '0' }, path);
    expect((await v.json()).entries[0]).toMatchObject({ id: first.id, etag: '1', size: 4, name: 'v.bin' });
    await expectError(await t.upload(next(), {}, '/api/2.0/files/12345/content'), 404, 'not_found');
  });

  it('answers the preflight check: the upload URL, or the error the upload would get', async () => {
    const t = setup({ folders: ['7'] });
    const check = (body: unknown, path = '/2.0/files/content') => t.call('OPTIONS', path, { body });
    const ok = await check({ name: 'p.bin', size: 10, parent: { id: '7' } });
    expect(await ok.json()).toEqual({ upload_url: 'http://127.0.0.1/api/2.0/files/content', upload_token: null });
    await expectError(await check({ name: 'p.bin', parent: { id: '8' } }), 404, 'invalid_parameter');
    await expectError(await check({ name: '..', parent: { id: '0' } }), 400, 'item_name_invalid');
    await t.upload(form([{ name: 'attributes', body: t.attributes('p.bin') }, { name: 'file', body: 'p' }]));
    await expectError(await check({ name: 'p.bin', parent: { id: '0' } }), 409, 'item_name_in_use');
  });
});
