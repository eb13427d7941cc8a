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
});
