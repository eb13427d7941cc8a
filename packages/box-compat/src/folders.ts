import type { Context } from 'hono';
import { BoxError } from './box-error';
import { type BoxFileMeta, fileJson } from './json';
import type { BoxSettings } from './options';
import { intParam } from './requests';
import { NAMESPACE, catalogName } from './sessions';

const MAX_LIMIT = 1000;


/**
 * GET /folders/{id}/items?offset&limit: the folder's files by name, offset-paged (default limit
 * 100, clamped to 1000), each with Box's minimal item fields (Rangeway has files only, no subfolders).
 */
export async function folderItems(c: Context, s: BoxSettings): Promise<Response> {
  const folderId = c.req.param('id')!;
  if (!s.folders.includes(folderId)) throw new BoxError(404, 'not_found', `Could not find the specified resource: folder ${folderId}`);
  const offset = intParam(c.req.query('offset'), 0, 9);
  const asked = intParam(c.req.query('limit'), 100, 9);
  if (Number.isNaN(offset) || Number.isNaN(asked) || asked < 1) throw new BoxError(400, 'bad_request', 'offset and limit must be whole numbers, limit at least 1');
  const limit = Math.min(asked, MAX_LIMIT);
  const entries = [];
  let total = 0;
  for await (const file of s.uploads.storage.files.list(NAMESPACE, catalogName(folderId, ''))) {
    if ((file.meta as BoxFileMeta).folderId !== folderId) continue;
    if (total >= offset && entries.length < limit) {
      const { type, id, etag, sequence_id, name, sha1, file_version } = fileJson(file);
      entries.push({ type, id, etag, sequence_id, name, sha1, file_version });
    }
    total++;
  }
  return c.json({ total_count: total, entries, offset, limit, order: [{ by: 'type', direction: 'ASC' }, { by: 'name', direction: 'ASC' }] });
}
