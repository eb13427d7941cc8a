import { MultipartError, bodyChunks, boundaryOf, drainBody } from '@rangeway/adapter-kit';
import type { Context } from 'hono';
import { DeossError, MSG } from './envelope';
import { multipartField } from './multipart';

/** The chunk's bytes and whether reading them broke (client gone, malformed multipart). */
export type ChunkBody = { readonly bytes: AsyncIterable<Uint8Array>; broken(): boolean };

/**
 * The raw body is the chunk, as on the real server; a multipart/form-data body gives the bytes
 * of its `file` field instead (the documented form, an extension of Rangeway; spec §5.3).
 */
export function chunkBody(c: Context): ChunkBody {
  let broken = false;
  const watched = async function* (source: AsyncIterable<Uint8Array>) {
    try {
      yield* source;
    } catch (e) {
      broken = true;
      throw e;
    }
  };
  let boundary: string | undefined;
  try {
    boundary = boundaryOf(c.req.header('content-type'));
  } catch {
    throw new DeossError(400, MSG.receiveFailed);
  }
  const raw = bodyChunks(c);
  const bytes = boundary === undefined ? watched(raw) : watched(multipartField(raw, boundary, 'file'));
  return { bytes, broken: () => broken };
}

/** Past this many unread bytes an early answer closes the connection instead (as Go's server does). */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** Reads and drops what is left of the body before an error answer. */
export async function drainRest(c: Context): Promise<void> {
  await drainBody(c, DRAIN_LIMIT).catch(() => false);
}

/** A failed body read is `Failed to receive data`, whatever length it reached. */
export function bodyError(e: unknown, body: ChunkBody): unknown {
  return body.broken() || e instanceof MultipartError ? new DeossError(400, MSG.receiveFailed) : e;
}
