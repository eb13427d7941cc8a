import { describe, expect, it } from 'vitest';
import { smallBox } from './helpers';

// GET /folders/{id}/items: what the SDKs list to find an uploaded file (offset paging, minimal fields).
async function uploaded(t: ReturnType<typeof smallBox>, name: string, folderId = '0') {
  const s = await (await t.create({ folder_id: folderId, file_size: 10, file_name: name })).json();
  const res = await t.commit(s.id, await t.upload(s.id));
  expect(res.status).toBe(201);
  return (await res.json()).entries[0] as { id: string; sha1: string };
}

describe('Box folder items', () => {
  it('lists the folder\'s files by name, offset-paged, with the minimal item fields', async () => {
    const t = smallBox({ folders: ['77'] });
    const c = await uploaded(t, 'c.bin');
    const a = await uploaded(t, 'a.bin');
    const b = await uploaded(t, 'b.bin');
    await uploaded(t, 'elsewhere.bin', '77');
    const page = await (await t.call('GET', '/2.0/folders/0/items?offset=1&limit=1')).json();
    expect(page).toEqual({
      total_count: 3,
      entries: [{ type: 'file', id: b.id, etag: '0', sequence_id: '0', name: 'b.bin', sha1: b.sha1, file_version: { type: 'file_version', id: expect.any(String), sha1: b.sha1 } }],
      offset: 1,
      limit: 1,
      order: [{ by: 'type', direction: 'ASC' }, { by: 'name', direction: 'ASC' }],
    });
    const all = await (await t.call('GET', '/api/2.0/folders/0/items?limit=5000')).json();
    expect(all.limit).toBe(1000); // clamped, as Box does
    expect(all.entries.map((e: { id: string }) => e.id)).toEqual([a.id, b.id, c.id]);
    expect((await (await t.call('GET', '/2.0/folders/77/items')).json()).entries.map((e: { name: string }) => e.name)).toEqual(['elsewhere.bin']);
  });

  it('404 for a folder that does not exist, 400 for bad paging', async () => {
    const t = smallBox();
    expect((await t.call('GET', '/2.0/folders/5/items')).status).toBe(404);
    expect((await t.call('GET', '/2.0/folders/0/items?limit=0')).status).toBe(400);
    expect((await t.call('GET', '/2.0/folders/0/items?offset=x')).status).toBe(400);
  });
});
