import { expect } from 'vitest';
import { cut, hash, pattern } from '../data';
import type { Scenario } from './scenario';

// Box chunked upload session (box.md §5): create, three parts with `Digest: sha=`, list, commit
// with the whole-file digest, then read the file back.
const FILE_SIZE = 20_000_000; // the default minimum for a chunked upload (box.md §4)
const AUTH = { authorization: 'Bearer smoke-token' };

export const box: Scenario = {
  dialect: 'box',
  flags: [],
  async run(url, runtime) {
    const file = pattern(FILE_SIZE);
    const created = await fetch(`${url}/api/2.0/files/upload_sessions`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ folder_id: '0', file_size: FILE_SIZE, file_name: `smoke-${runtime}.bin` }),
    });
    expect(created.status).toBe(201);
    const session = await created.json();
    expect(session).toMatchObject({ type: 'upload_session', total_parts: 3, num_parts_processed: 0 });
    const { part_size: partSize, session_endpoints: ends } = session;
    expect(ends.upload_part.startsWith(url)).toBe(true);

    const parts = [];
    for (const p of cut(file, partSize, 2 * partSize)) {
      const put = (digest: string) =>
        fetch(ends.upload_part, {
          method: 'PUT',
          headers: {
            ...AUTH,
            'content-type': 'application/octet-stream',
            'content-range': `bytes ${p.start}-${p.end - 1}/${FILE_SIZE}`,
            digest: `sha=${digest}`,
          },
          body: p.body,
        });
      if (p.start === 0) {
        // the runtime really hashes: a wrong part digest is refused and nothing is stored
        const wrong = await put(hash('sha1', pattern(1), 'base64'));
        expect([400, 412]).toContain(wrong.status);
        expect((await wrong.json()).code).toBe('bad_digest');
      }
      const res = await put(hash('sha1', p.body, 'base64'));
      expect(res.status).toBe(200);
      const { part } = await res.json();
      expect(part).toMatchObject({ offset: p.start, size: p.end - p.start, sha1: hash('sha1', p.body) });
      parts.push(part);
    }

    const listed = await (await fetch(ends.list_parts, { headers: AUTH })).json();
    expect(listed.total_count).toBe(3);

    const committed = await fetch(ends.commit, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json', digest: `sha=${hash('sha1', file, 'base64')}` },
      body: JSON.stringify({ parts }),
    });
    expect(committed.status).toBe(201);
    const entry = (await committed.json()).entries[0];
    expect(entry).toMatchObject({ type: 'file', size: FILE_SIZE, sha1: hash('sha1', file) });

    const back = await fetch(`${url}/api/2.0/files/${entry.id}/content`, { headers: AUTH });
    expect(back.status).toBe(200);
    expect(hash('sha1', new Uint8Array(await back.arrayBuffer()))).toBe(hash('sha1', file));
  },
};
