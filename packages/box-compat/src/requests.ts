import { contentLength } from '@rangeway/adapter-kit';
import { type UploadSession, findBoxSha1 } from '@rangeway/core';
import type { Context } from 'hono';
import { BoxError, notFound, sessionExpired } from './box-error';
import type { BoxSettings } from './options';

/** The `sha=` SHA-1 of a Digest header (prefix case-insensitive); 412 when missing or malformed. */
export function sha1FromDigest(c: Context): Uint8Array {
  const header = c.req.header('digest');
  if (header === undefined) throw new BoxError(412, 'precondition_failed', 'The Digest header is missing');
  try {
    return findBoxSha1(header);
  } catch {
    throw new BoxError(412, 'precondition_failed', 'The Digest header must carry sha=<base64 SHA-1>');
  }
}

/** A query parameter as a whole number of at most `digits` digits; the fallback when absent, NaN when malformed. */
export const intParam = (v: string | undefined, fallback: number, digits: number) =>
  v === undefined ? fallback : new RegExp(`^\\d{1,${digits}}$`).test(v) ? Number(v) : Number.NaN;

/** A JSON object body, bounded; Box answers malformed JSON with 400 bad_request. */
export async function jsonBody(c: Context, limit = 1 << 20): Promise<Record<string, unknown>> {
  const len = contentLength(c);
  if (len !== undefined && (Number.isNaN(len) || len > limit)) throw new BoxError(400, 'bad_request', 'The request body is too large');
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new BoxError(400, 'bad_request', 'The request body could not be read');
  }
  if (text.length > limit) throw new BoxError(400, 'bad_request', 'The request body is too large');
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw new BoxError(400, 'bad_request', 'The request body must be a JSON object');
}

/** A live session of this dialect; Box's 410 once it expired, 404 when unknown or aborted. */
export async function liveSession(s: BoxSettings, id: string): Promise<UploadSession> {
  const session = await s.uploads.storage.sessions.get(id);
  if (!session || session.namespace !== 'box') throw notFound();
  const current = await s.uploads.get(id).catch(() => undefined);
  if (current?.state === 'expired') throw sessionExpired();
  if (!current || current.state === 'aborted') throw notFound();
  return current;
}

/**
 * Bearer auth when tokens are configured. Box answers 401 with an empty body and says why in
 * `WWW-Authenticate`: only the realm when no token came, `invalid_token` when a wrong one did.
 */
export function authorize(c: Context, s: BoxSettings): void {
  if (s.tokens.length === 0) return;
  const header = c.req.header('authorization');
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  if (token !== undefined && s.tokens.includes(token)) return;
  const challenge =
    header === undefined ? 'Bearer realm="Service"'
    : 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."';
  throw new BoxError(401, 'unauthorized', 'Unauthorized', null, { 'www-authenticate': challenge });
}
