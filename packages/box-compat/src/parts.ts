import { bodySource, contentLength } from '@rangeway/adapter-kit';
import { RangeSyntaxError, checkFixedPart, parseContentRange, toHex } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError } from './box-error';
import { toBoxError } from './error-map';
import { type BoxSessionMeta, partJson } from './json';
import type { BoxSettings } from './options';
import { intParam, liveSession, sha1FromDigest } from './requests';

const rangeError = (why: string) => new BoxError(416, 'range_not_satisfiable', `The Content-Range is not allowed for this session: ${why}`);

/** PUT /files/upload_sessions/{id}: one part, streamed, its SHA-1 checked before it counts. */
export async function uploadPart(c: Context, s: BoxSettings): Promise<Response> {
  const session = await liveSession(s, c.req.param('id')!);
  if (session.state !== 'open') throw new BoxError(409, 'conflict', 'The upload session is already committed');
  const meta = session.meta as unknown as BoxSessionMeta;
  const header = c.req.header('content-range');
  if (header === undefined) throw rangeError('Content-Range is missing');
  let range;
  try {
    range = parseContentRange(header, { unitOptional: true });
  } catch (e) {
    throw rangeError(e instanceof RangeSyntaxError ? e.message : 'malformed');
  }
  if (range.kind !== 'range') throw rangeError('a part needs a byte range');
  if (range.total !== session.total) throw rangeError(`the total must be the session's file_size ${session.total}`);
  const start = range.first;
  const end = range.last + 1;
  const layout = checkFixedPart({ start, end }, session.total!, meta.partSize);
  if (layout) throw rangeError(layout);
  const sha1 = sha1FromDigest(c);
  const length = contentLength(c);
  if (length !== undefined && length !== end - start)
    throw new BoxError(400, 'bad_request', `Content-Length ${Number.isNaN(length) ? 'is malformed' : length} does not match the range's ${end - start} bytes`);

  // parts are immutable: a part sent again is refused with the stored one, which Box's own clients
  // take as "already uploaded" when its offset and size match what they sent
  const stored = session.parts.find((p) => p.start === start && p.end === end);
  if (stored)
    throw new BoxError(416, 'range_overlaps_existing_part', 'Part overlaps with previously uploaded part', { conflicting_part: partJson(stored) });
  try {
    const { part } = await s.uploads.receive(session.id, {
      start,
      end,
      body: bodySource(c),
      overlap: 'reject',
      partDigests: ['sha1'],
      expect: [{ algorithm: 'sha1', value: sha1 }],
      partId: toHex(s.uploads.ids.bytes(4), true),
    });
    return c.json({ part: partJson(part) });
  } catch (e) {
    throw toBoxError(e, s, await s.uploads.storage.sessions.get(session.id));
  }
}


/** GET /files/upload_sessions/{id}/parts?offset&limit: stored parts by offset, paged. */
export async function listParts(c: Context, s: BoxSettings): Promise<Response> {
  const session = await liveSession(s, c.req.param('id')!);
  const offset = intParam(c.req.query('offset'), 0, 6);
  const limit = intParam(c.req.query('limit'), 1000, 6);
  if (Number.isNaN(offset) || offset > 10_000) throw new BoxError(400, 'bad_request', 'offset must be a whole number up to 10000');
  if (Number.isNaN(limit) || limit < 1) throw new BoxError(400, 'bad_request', 'limit must be a whole number from 1');
  const parts = [...session.parts].sort((a, b) => a.start - b.start);
  return c.json({
    entries: parts.slice(offset, offset + Math.min(limit, 1000)).map(partJson),
    offset,
    limit: Math.min(limit, 1000), // Box clamps a larger limit to its maximum
    total_count: parts.length,
    order: [{ by: 'offset', direction: 'ASC' }],
  });
}
