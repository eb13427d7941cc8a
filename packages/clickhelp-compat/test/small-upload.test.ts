import { describe, expect, it } from 'vitest';
import { data, expectError, setup } from './helpers';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const json = (v: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) });

describe('one-request uploads (format=base64, format=multipart)', () => {
  it('creates a file from base64 JSON and answers 201 with the upload JSON', async () => {
    const { call, stored } = setup();
    const f = data(1000);
    const r = await call('POST', 'project-deep-space-exploration/info.png?format=base64', json({ content: b64(f) }));
    expect(r.status).toBe(201);
    expect(await r.text()).toBe(
      '{"content":null,"fileFullName":"Storage\\\\project-deep-space-exploration\\\\info.png","fileName":"info.png",' +
        '"isFolder":false,"modifiedBy":"admin","modifiedOn":"2025-10-29T13:21:28","size":1000}',
    );
    expect(await stored('project-deep-space-exploration/info.png')).toEqual(f);
  });

  it('creates an empty file without content, and a folder with isFolder:true (content ignored)', async () => {
    const { call } = setup();
    expect((await (await call('POST', 'empty.txt?format=base64', json({}))).json()).size).toBe(0);
    const folder = await call('POST', 'docs/new?format=base64', json({ isFolder: true, content: b64(data(3)) }));
    expect(await folder.json()).toMatchObject({ fileFullName: 'Storage\\docs\\new', isFolder: true, size: 0 });
    expect(await (await call('GET', 'docs/new')).json()).toEqual([]);
    expect((await (await call('GET', 'docs')).json()).map((e: { fileName: string; isFolder: boolean }) => [e.fileName, e.isFolder])).toEqual([['new', true]]);
    await expectError(await call('POST', 'docs/new?format=base64', json({ isFolder: true })), 409);
    expect((await call('POST', 'docs/new?format=base64&isOverwrite=true', json({ isFolder: true }))).status).toBe(201);
    await expectError(await call('POST', 'docs/new?format=base64', json({ content: '' })), 409); // a folder is never replaced by a file
    expect((await call('POST', 'docs/new/inside.txt?format=base64', json({ content: b64(data(2)) }))).status).toBe(201);
  });

  it('creates a file from the multipart field "file"', async () => {
    const { app, stored } = setup();
    const f = data(5000, 5);
    const form = new FormData();
    form.append('file', new Blob([f as Uint8Array<ArrayBuffer>]), 'info.png');
    const r = await app.request('http://localhost/api/v1/storage/up/info.png?format=multipart', { method: 'POST', body: form });
    expect(r.status).toBe(201);
    expect((await r.json()).fileName).toBe('info.png');
    expect(await stored('up/info.png')).toEqual(f);
  });

  it('refuses a clash without isOverwrite, bad JSON or base64, a missing form field, and oversized content', async () => {
    const { call, app } = setup();
    await call('POST', 'a.bin?format=base64', json({ content: b64(data(3)) }));
    await expectError(await call('POST', 'a.bin?format=base64', json({ content: b64(data(4)) })), 409);
    expect((await call('POST', 'a.bin?format=base64&isOverwrite=true', json({ content: b64(data(4)) }))).status).toBe(201);
    await expectError(await call('POST', 'b.bin?format=base64', { body: '{not json' }), 400);
    await expectError(await call('POST', 'b.bin?format=base64', json({ content: 'not base64!' })), 400);
    await expectError(await call('POST', 'b.bin?format=base64', json({ content: 5 })), 400);
    await expectError(await call('POST', 'b.bin?format=base64', json([1])), 400);
    await expectError(await call('POST', 'b.bin?format=base64', json({ content: b64(new Uint8Array(10 * 1024 * 1024 + 1)) })), 400);
    const form = new FormData();
    form.append('other', new Blob([data(3) as Uint8Array<ArrayBuffer>]));
    await expectError(await app.request('http://localhost/api/v1/storage/b.bin?format=multipart', { method: 'POST', body: form }), 400);
    await expectError(await call('POST', 'b.bin?format=multipart', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'junk' }), 400);
    await expectError(await call('GET', 'b.bin'), 404);
  });
});
