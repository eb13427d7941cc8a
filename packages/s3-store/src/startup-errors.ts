import { S3Error } from './s3-error';

/** Thrown when the store cannot start: `message` is one sentence fit for a terminal. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Turns a start-up failure into one clear sentence (never a password, never a stack). */
export function describeFailure(what: 'database' | 's3', where: string, e: unknown): never {
  const code = (e as { code?: string } | undefined)?.code;
  if (what === 'database') {
    const at = redactUrl(where);
    const reason =
      code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'ENOTFOUND' ? 'host not found'
      : code === '28P01' || code === '28000' ? 'authentication failed'
      : code === '3D000' ? 'the database does not exist'
      : code === 'CONNECT_TIMEOUT' ? 'timed out'
      : String((e as Error)?.message ?? e);
    throw new StoreUnavailableError(`cannot use the PostgreSQL database at ${at}: ${reason}`);
  }
  const reason =
    e instanceof S3Error
      ? e.code === 'NoSuchBucket' ? e.message.replace(/^S3 \S+ \(\d+\): /, '')
      : e.code === 'AccessDenied' || e.status === 403 ? 'the access key or secret is refused'
      : e.message
      : `not reachable (${String((e as Error)?.cause ?? (e as Error)?.message ?? e)})`;
  throw new StoreUnavailableError(`cannot use the S3 endpoint ${where}: ${reason}`);
}

/** The URL without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
