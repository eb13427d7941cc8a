import { expect } from 'vitest';
import { answerWhileBodyIsOpen } from '../announce';
import { cut, hash, pattern } from '../data';
import type { Scenario } from './scenario';

// ClickHelp resumable storage upload (clickhelp.md §4–5): start, three chunks (202 + Range, then
// 201 + file JSON), then the file read back as base64 and compared by SHA-256.
const SIZE = 2 * 1024 * 1024 + 123;

export const clickhelp: Scenario = {
  dialect: 'clickhelp',
  flags: [],
  async run(url, runtime) {
    const file = pattern(SIZE);
    const path = `${url}/api/v1/storage/smoke/${runtime}/manual.bin`;
    const auth = { authorization: `Basic ${btoa('admin:smoke-key')}` };

    const start = await fetch(`${path}?format=resumable&isOverwrite=false`, { method: 'POST', headers: auth });
    expect(start.status).toBe(200);

    const chunks = cut(file, 1024 * 1024, 2 * 1024 * 1024);
    for (const [i, c] of chunks.entries()) {
      const res = await fetch(`${path}?format=resumable`, {
        method: 'PUT',
        headers: { ...auth, 'content-range': `bytes ${c.start}-${c.end - 1}/${SIZE}` },
        body: c.body,
      });
      if (i < 2) {
        expect(res.status).toBe(202);
        expect(res.headers.get('range')).toBe(`bytes=0-${c.end - 1}`);
      } else {
        expect(res.status).toBe(201);
        expect(await res.json()).toMatchObject({
          fileName: 'manual.bin',
          fileFullName: `Storage\\smoke\\${runtime}\\manual.bin`,
          isFolder: false,
          size: SIZE,
        });
      }
    }

    const back = await fetch(`${path}?format=base64`, { headers: auth });
    expect(back.status).toBe(200);
    const { content, size } = await back.json();
    expect(size).toBe(SIZE);
    const bytes = Uint8Array.from(atob(content), (ch) => ch.charCodeAt(0));
    expect(hash('sha256', bytes)).toBe(hash('sha256', file));
  },

  async streams(url, runtime) {
    // a chunk declared as 1 KiB: 2 KiB of a body that never ends must already be refused as too long
    const path = `${url}/api/v1/storage/smoke/${runtime}/endless.bin?format=resumable`;
    expect((await fetch(path, { method: 'POST' })).status).toBe(200);
    expect(await answerWhileBodyIsOpen(path, { 'content-range': 'bytes 0-1023/4096' }, 2048)).toBe(400);
  },
};
