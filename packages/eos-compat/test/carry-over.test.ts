import { Uploads, collectBytes, createMemoryStorage, pureHashers } from '@rangeway/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { eosDialect } from '../src/index';
import { pattern } from './helpers';

describe('rewriting a committed file', () => {
  it('never commits zeros over it when the take-over of its bytes was cut short (a crash)', async () => {
    const storage = createMemoryStorage();
    const uploads = new Uploads({ storage, hashers: pureHashers });
    const app = new Hono().route('/', eosDialect({ uploads }));
    const file = pattern(2285);
    const put = (first: number, end: number) =>
      app.request('/eos/d/again', {
        method: 'PUT',
        body: file.slice(first, end),
        headers: { 'x-upload-range': `bytes=${first}-${end - 1}`, 'x-upload-totalsize': '2285', 'content-length': String(end - first) },
      });
    expect((await put(0, 2285)).status).toBe(201);

    // the client resends its final piece (its 201 was lost); the server dies while taking the
    // committed bytes over into the new session
    const read = storage.blobs.read.bind(storage.blobs);
    storage.blobs.read = () => Promise.reject(new Error('killed'));
    expect((await put(2048, 2285)).status).toBeGreaterThanOrEqual(500);
    storage.blobs.read = read;

    expect((await put(2048, 2285)).status).toBe(201);
    const stored = await storage.files.get('eos', '/eos/d/again');
    expect(Buffer.from(await collectBytes(await storage.blobs.read(stored!.blobKey))).equals(file)).toBe(true);
  });

  it('costs a small piece only its own bytes, and readers see the committed file until the new version commits', async () => {
    const storage = createMemoryStorage();
    const uploads = new Uploads({ storage, hashers: pureHashers });
    const app = new Hono().route('/', eosDialect({ uploads }));
    const size = 8 * 1024 * 1024;
    const file = new Uint8Array(pattern(size));
    const put = (first: number, body: Uint8Array<ArrayBuffer>, total = size) =>
      app.request('/eos/d/big', {
        method: 'PUT',
        body,
        headers: { 'x-upload-range': `bytes=${first}-${first + body.length - 1}`, 'x-upload-totalsize': String(total), 'content-length': String(body.length) },
      });
    expect((await put(0, file)).status).toBe(201);

    let readBytes = 0;
    const read = storage.blobs.read.bind(storage.blobs);
    storage.blobs.read = async (key, range) => {
      readBytes += (range?.end ?? size) - (range?.start ?? 0);
      return read(key, range);
    };
    expect((await put(100, Uint8Array.of(1, 2, 3, 4, 5))).status).toBe(201); // not final
    expect(readBytes).toBe(0);

    // readers: the committed version, whole, while the new one is being written
    const head = await app.request('/eos/d/big', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(size));
    expect(Buffer.from(await (await app.request('/eos/d/big')).arrayBuffer()).equals(Buffer.from(file))).toBe(true);

    // the new version commits with the previous bytes wherever no piece wrote
    expect((await put(size - 5, Uint8Array.of(9, 9, 9, 9, 9))).status).toBe(201);
    const expected = Buffer.from(file);
    expected.set([1, 2, 3, 4, 5], 100);
    expected.set([9, 9, 9, 9, 9], size - 5);
    expect(Buffer.from(await (await app.request('/eos/d/big')).arrayBuffer()).equals(expected)).toBe(true);
  });

  it('keeps showing the whole committed file when the server dies while taking its bytes over', async () => {
    const storage = createMemoryStorage();
    const uploads = new Uploads({ storage, hashers: pureHashers });
    const app = new Hono().route('/', eosDialect({ uploads }));
    const file = pattern(5000);
    const put = (first: number, end: number) =>
      app.request('/eos/d/kill', {
        method: 'PUT',
        body: file.slice(first, end),
        headers: { 'x-upload-range': `bytes=${first}-${end - 1}`, 'x-upload-totalsize': '5000', 'content-length': String(end - first) },
      });
    expect((await put(0, 5000)).status).toBe(201);
    const read = storage.blobs.read.bind(storage.blobs);
    storage.blobs.read = () => Promise.reject(new Error('killed'));
    await put(4000, 5000); // final: dies while filling 0-3999 from the committed version
    storage.blobs.read = read;
    const head = await app.request('/eos/d/kill', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('5000');
    expect(Buffer.from(await (await app.request('/eos/d/kill')).arrayBuffer()).equals(Buffer.from(file))).toBe(true);
  });
});
