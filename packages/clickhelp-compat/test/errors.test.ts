import { describe, expect, it } from 'vitest';
import { StorageError, streamOfBytes } from '@rangeway/core';
import { data, expectError, range, setup } from './helpers';

const R = '?format=resumable';

/** A dialect with small limits and an upload of `f.bin` (total 100) holding bytes 0-39. */
async function started(options: Parameters<typeof setup>[0] = {}) {
  const env = setup({ maxChunkSize: 64, maxFileSize: 1000, ...options });
  const file = data(100);
  expect((await env.call('POST', `f.bin${R}`)).status).toBe(200);
  expect((await env.call('PUT', `f.bin${R}`, { headers: range(0, 39, 100), body: file.slice(0, 40) })).status).toBe(202);
  const put = (first: number, last: number, total: number | '*' = 100, body = file.slice(first, last + 1)) =>
    env.call('PUT', `f.bin${R}`, { headers: range(first, last, total), body });
  return { ...env, file, put };
}

describe('golden errors: 400', () => {
  it.each([
    ['no Content-Range', {}],
    ['no unit', { 'content-range': '40-49/100' }],
    ['not decimal', { 'content-range': 'bytes 4O-49/100' }],
    ['a sign', { 'content-range': 'bytes +40-49/100' }],
    ['end before start', { 'content-range': 'bytes 49-40/100' }],
    ['end beyond total', { 'content-range': 'bytes 40-100/100' }],
    ['a zero total', { 'content-range': 'bytes */0' }],
    ['a header over 100 characters', { 'content-range': `bytes 40-49/${'0'.repeat(90)}100` }],
    ['numbers above 2^53-1', { 'content-range': 'bytes 40-49/99999999999999999' }],
  ])('a chunk with %s', async (_, headers) => {
    const { call } = await started();
    await expectError(await call('PUT', `f.bin${R}`, { headers, body: new Uint8Array(10) }), 400);
  });

  it('a chunk over the chunk limit, a file over the size limit (declared or by `*` position)', async () => {
    const { put } = await started();
    await expectError(await put(40, 104, 1000), 400); // 65 bytes > 64
    await expectError(await put(40, 49, 1001), 400);
    await expectError(await put(40, 1000, '*', new Uint8Array(961)), 400);
    expect((await put(40, 49, 100)).status).toBe(202); // the limits are exactly inclusive
    expect((await put(50, 99, 100)).status).toBe(201);
  });

  it('a body shorter or longer than the range keeps nothing of the chunk', async () => {
    const { put, uploads } = await started();
    await expectError(await put(40, 49, 100, new Uint8Array(5)), 400);
    await expectError(await put(40, 49, 100, new Uint8Array(11)), 400);
    expect((await uploads.getByKey('clickhelp', 'f.bin'))!.received).toBe('0-39');
  });

  it('a total that differs from the declared one, in a chunk or an offset query', async () => {
    const { put, call } = await started();
    await expectError(await put(40, 49, 101), 400);
    await expectError(await call('PUT', `f.bin${R}`, { headers: { 'content-range': 'bytes */101' } }), 400);
  });

  it('an offset query with a body', async () => {
    const { call } = await started();
    await expectError(await call('PUT', `f.bin${R}`, { headers: { 'content-range': 'bytes */100' }, body: 'x' }), 400);
  });

  it.each([
    ['POST', 'g.bin'],
    ['POST', 'g.bin?format=zip'],
    ['POST', 'g.bin?format=resumable&isOverwrite=True'],
    ['POST', 'g.bin?format=resumable&isOverwrite=1'],
    ['PUT', 'f.bin'],
    ['PUT', 'f.bin?format=base64'],
    ['GET', '?isRecursive=TRUE'],
    ['GET', '?filter='],
    ['DELETE', 'f.bin?format=base64'],
  ])('%s %s: a missing or wrong query value', async (method, path) => {
    const { call } = await started();
    await expectError(await call(method, path, { headers: range(40, 49, 100), body: method === 'PUT' ? new Uint8Array(10) : undefined }), 400);
  });

  it('a start request with a body over 64 KiB (a small one is ignored)', async () => {
    const { call } = setup();
    expect((await call('POST', `a.bin${R}`, { body: 'ignored' })).status).toBe(200);
    await expectError(await call('POST', `b.bin${R}`, { body: new Uint8Array(64 * 1024 + 1) }), 400);
  });

  it('a chunk for the storage root', async () => {
    const { app } = setup();
    await expectError(await app.request(`http://localhost/api/v1/storage/${R}`, { method: 'POST' }), 400);
  });
});

describe('golden errors: 404', () => {
  it('a chunk or an offset query with no started upload; GET of a missing file or folder', async () => {
    const { call } = setup();
    await expectError(await call('PUT', `none.bin${R}`, { headers: range(0, 9, 10), body: new Uint8Array(10) }), 404);
    await expectError(await call('PUT', `none.bin${R}`, { headers: { 'content-range': 'bytes */10' } }), 404);
    await expectError(await call('GET', 'none.bin'), 404);
    await expectError(await call('GET', 'nofolder?filter=*'), 404);
    await expectError(await call('DELETE', `none.bin${R}`), 404);
  });

  it('after the idle expiry (and the bytes are gone)', async () => {
    const { put, clock, uploads, storage } = await started({ idleExpiryMs: 60_000 });
    const session = (await uploads.getByKey('clickhelp', 'f.bin'))!;
    clock.advance(59_999);
    expect((await put(40, 49)).status).toBe(202); // renews the expiry
    clock.advance(60_000);
    await expectError(await put(50, 59), 404);
    expect(await storage.blobs.size(session.blobKey)).toBeUndefined();
  });
});

describe('golden errors: 409', () => {
  it('a gap, different bytes at a repeated position, or a partial overlap — each with the current Range', async () => {
    const { put, file } = await started();
    await expectError(await put(41, 49), 409, { range: 'bytes=0-39' });
    const changed = file.slice(30, 40);
    changed[3]! ^= 1;
    await expectError(await put(30, 39, 100, changed), 409, { range: 'bytes=0-39' });
    await expectError(await put(30, 49), 409, { range: 'bytes=0-39' });
    expect((await put(40, 49)).status).toBe(202); // nothing above moved the offset
  });

  it('a gap before any byte arrived has no Range header', async () => {
    const { call } = setup();
    await call('POST', `e.bin${R}`);
    await expectError(await call('PUT', `e.bin${R}`, { headers: range(5, 9, 10), body: new Uint8Array(5) }), 409, { range: null });
  });

  it('a start over an existing file without isOverwrite', async () => {
    const { put, call } = await started();
    expect((await put(40, 99)).status).toBe(201);
    await expectError(await call('POST', `f.bin${R}`), 409);
    await expectError(await call('POST', `f.bin${R}&isOverwrite=false`), 409);
    expect((await call('POST', `f.bin${R}&isOverwrite=true`)).status).toBe(200);
  });

  it('a completion when the file appeared meanwhile: the upload stays open, nothing is lost', async () => {
    const env = await started();
    const first = (await env.uploads.getByKey('clickhelp', 'f.bin'))!;
    // another writer creates f.bin through the catalog while this upload runs
    const rival = await env.uploads.create({ namespace: 'clickhelp', target: 'f.bin' });
    await env.uploads.receive(rival.id, { start: 0, end: 3, total: 3, body: streamOfBytes(new Uint8Array(3)) });
    await env.uploads.commit(rival.id, { name: 'f.bin', meta: { modifiedBy: 'rival' } });
    await expectError(await env.put(40, 99), 409, { range: 'bytes=0-99' });
    const kept = await env.uploads.get(first.id);
    expect([kept.state, kept.received]).toEqual(['open', '0-99']);
    expect((await env.stored('f.bin')).length).toBe(3);
  });

  it('a second request for a path while a chunk is still arriving', async () => {
    const { call, uploads, put, file } = await started();
    const session = (await uploads.getByKey('clickhelp', 'f.bin'))!;
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const slow = new ReadableStream<Uint8Array>({ start: (c) => void (feed = c) });
    const pending = call('PUT', `f.bin${R}`, { headers: range(40, 49, 100), body: slow });
    feed.enqueue(file.slice(40, 45));
    while ((await uploads.leases.held(session.id)).length === 0) await new Promise((r) => setTimeout(r, 1));
    await expectError(await put(40, 49), 409, { range: 'bytes=0-39' });
    await expectError(await call('POST', `f.bin${R}`), 409);
    await expectError(await call('DELETE', `f.bin${R}`), 409);
    feed.enqueue(file.slice(45, 50));
    feed.close();
    expect((await pending).status).toBe(202);
  });

  it('a file where a folder is, or below a file', async () => {
    const { call, put } = await started();
    expect((await put(40, 99)).status).toBe(201);
    await expectError(await call('POST', `f.bin/inner.txt${R}`), 409);
    await call('POST', `dir/a.txt${R}`);
    await call('PUT', `dir/a.txt${R}`, { headers: range(0, 0, 1), body: 'a' });
    await expectError(await call('POST', `dir${R}`), 409);
  });
});

describe('golden errors: 501', () => {
  it.each([
    ['DELETE', 'x.bin'],
    ['PATCH', 'x.bin'],
  ])('%s %s', async (method, path) => {
    const { call } = setup();
    await expectError(await call(method, path), 501);
  });
});

describe('golden errors: 500', () => {
  it('a storage failure is a 500 in the error shape, and the upload stays usable', async () => {
    const env = setup();
    const write = env.storage.blobs.write.bind(env.storage.blobs);
    let fail = true;
    env.storage.blobs.write = async (key, offset, source) => {
      if (fail) throw new StorageError('disk on fire', true);
      return write(key, offset, source);
    };
    await env.call('POST', `s.bin${R}`);
    const message = await expectError(await env.call('PUT', `s.bin${R}`, { headers: range(0, 9, 10), body: data(10) }), 500);
    expect(message).not.toMatch(/fire/); // no internals leak
    fail = false;
    expect((await env.call('PUT', `s.bin${R}`, { headers: range(0, 9, 10), body: data(10) })).status).toBe(201);
  });
});
