import { expect } from 'vitest';
import { cut, hash, pattern } from '../data';
import type { Scenario } from './scenario';

// EOS range PUT, direct mode (eos.md §11 A): the 2285-byte worked example in three pieces, the
// final one verified against `x-upload-checksum: adler32:121f5089`, then read back.
const FILE = pattern(2285);
const COMMON = { 'x-upload-totalsize': '2285', 'x-upload-mtime': '1533100000', 'x-upload-checksum': 'adler32:121f5089' };

export const eos: Scenario = {
  dialect: 'eos',
  flags: [],
  async run(url, runtime) {
    // EOS makes no parent directories: the runtime's own directory first
    expect((await fetch(`${url}/eos/smoke/${runtime}`, { method: 'MKCOL' })).status).toBe(201);
    const path = `${url}/eos/smoke/${runtime}/file.bin`;
    const pieces = cut(FILE, 1024, 2048);
    const answers = [];
    for (const p of pieces) {
      const res = await fetch(path, {
        method: 'PUT',
        headers: { ...COMMON, 'x-upload-range': `bytes=${p.start}-${p.end - 1}` },
        body: p.body,
      });
      expect(res.status).toBe(201);
      expect(await res.text()).toBe('');
      answers.push(res);
    }
    const final = answers[2]!;
    expect(final.headers.get('etag')).toMatch(/^"\d+:121f5089"$/);
    expect(final.headers.get('x-eos-checksum')).toBe('adler32:121f5089');
    expect(final.headers.get('last-modified')).toBe('Wed, 01 Aug 2018 05:06:40 GMT');

    const head = await fetch(path, { method: 'HEAD', headers: { 'want-digest': 'adler32' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('digest')).toBe('adler32=121f5089');
    const back = await fetch(path, { redirect: 'follow' });
    expect(back.status).toBe(200);
    expect(hash('md5', new Uint8Array(await back.arrayBuffer()))).toBe('2f7cc634b720c690dac539a354dacf8e');

    // the runtime really checksums: a final piece that does not match is refused (eos.md §5.4)
    const wrong = await fetch(`${url}/eos/smoke/${runtime}/wrong.bin`, {
      method: 'PUT',
      headers: { 'x-upload-range': 'bytes=0-2', 'x-upload-totalsize': '3', 'x-upload-checksum': 'adler32:24d0128' },
      body: new TextEncoder().encode('abc'),
    });
    expect(wrong.status).toBe(412);
  },
};
