import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { collectBytes } from '@rangeway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { blobPath } from '../src/index';
import { data, put, tempStore, walk } from './helpers';

let t: Awaited<ReturnType<typeof tempStore>>;
afterEach(() => t.cleanup());

/** Names a request can carry: they are catalog and session data, never paths. */
const ODD = [
  '../../../etc/passwd',
  '..',
  '/abs/path',
  'C:\\Windows\\system32',
  'dir/../../escape',
  'CON',
  'nul.txt',
  'a\u0000b',
  'spaces and\ttabs\nnewline',
  '名前/ファイル.bin',
  'emoji 😀 ✓',
  'e\u0301 vs \u00e9', // decomposed and composed
  '%2e%2e%2f%2e%2e',
  '*?<>|":',
  'x'.repeat(10_000),
  'dir/'.repeat(500),
  '',
];

describe('request names in the fs store', () => {
  it('keeps odd names exactly, as data, and creates nothing outside the data dir', async () => {
    t = await tempStore();
    let { up, storage } = await t.open();
    const file = data(100);
    for (const [i, name] of ODD.entries()) {
      const s = await up.create({ namespace: `ns/${name}`, target: name, key: name, total: 100, meta: { name } });
      await put(up, s.id, file, 0, 100);
      await up.commit(s.id, { name, meta: { name }, fileId: `F${i}` });
      await up.create({ namespace: 'open', target: name, key: name });
    }
    await t.close();
    ({ up, storage } = await t.open());
    for (const [i, name] of ODD.entries()) {
      const rec = (await storage.files.get(`ns/${name}`, name))!;
      expect(rec.name).toBe(name);
      expect(rec.id).toBe(`F${i}`);
      expect((await storage.files.getById(`F${i}`))!.meta).toEqual({ name });
      expect(await collectBytes(await storage.blobs.read(rec.blobKey))).toEqual(file);
      expect((await up.getByKey('open', name))!.target).toBe(name);
    }
    const names = [];
    for await (const f of storage.files.list('ns/x'.slice(0, 3) + 'x'.repeat(10_000))) names.push(f.name);
    expect(names).toEqual(['x'.repeat(10_000)]);

    // everything on disk is a fixed-form name inside the data dir
    const root = await realpath(t.dir);
    for (const rel of await walk(t.dir)) {
      const real = await realpath(join(t.dir, rel));
      expect(real.startsWith(root + sep)).toBe(true);
      expect(rel).toMatch(/^(LOCK|rangeway-store\.json|blobs(\/(uploads|files)(\/F\d+)?)?|(sessions|catalog)(\/[0-9a-f]{64}\.json)?|sessions\/[0-9a-f]{64}\.log|sessions\/index\.jsonl\.taken)$/);
    }
  });

  it("names a blob's own file for a reader on another thread: the bytes read() gives, inside the data dir", async () => {
    t = await tempStore();
    const { up, storage } = await t.open();
    const file = data(70_000, 3);
    const s = await up.create({ namespace: 'ns', target: 't', key: 'k', total: file.length });
    await put(up, s.id, file, 0, file.length);
    const path = storage.blobs.localFile!(s.blobKey);
    expect(path.startsWith(t.dir + sep)).toBe(true);
    expect(new Uint8Array(await readFile(path))).toEqual(await collectBytes(await storage.blobs.read(s.blobKey)));
    expect(() => storage.blobs.localFile!('../escape')).toThrow(TypeError);
  });

  it('maps blob keys inside the blob root and refuses anything else, even past the core check', () => {
    expect(blobPath('/data/blobs', 'uploads/abc')).toBe('/data/blobs/uploads/abc');
    for (const bad of ['../x', 'uploads/../../x', '/etc/passwd', 'a//b', '.', 'uploads/.', 'a\\..\\b', 'ü', 'a'.repeat(600)])
      expect(() => blobPath('/data/blobs', bad)).toThrow(TypeError);
  });
});
