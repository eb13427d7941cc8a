import type { Context } from 'hono';
import { badRequest } from './http-error';

/** Query booleans are case-sensitive `true`/`false` (the real service answers 500 to `True`). */
export function boolParam(c: Context, name: string, fallback: boolean): boolean {
  const v = c.req.query(name);
  if (v === undefined) return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(`Query parameter ${name} must be "true" or "false".`);
}

export type Format = 'resumable' | 'base64' | 'multipart' | undefined;

export function formatParam(c: Context): Format {
  const v = c.req.query('format');
  if (v === undefined || v === 'resumable' || v === 'base64' || v === 'multipart') return v;
  throw badRequest('Query parameter format must be "resumable", "base64" or "multipart".');
}
