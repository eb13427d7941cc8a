import type { MiddlewareHandler } from 'hono';

/** Response headers a page may read without being told (the CORS-safelisted ones). */
const SAFELISTED = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);

export type CorsOptions = {
  /** origins a page may upload from, as browsers send them (`https://app.example`), or `*` for any */
  readonly origins: readonly string[];
  /** paths whose answers only the listed origins may read, even with `*` (the admin surface) */
  readonly explicitOnly: (path: string) => boolean;
};

/**
 * CORS for browser uploaders, on every dialect at once. A preflight from an allowed origin is
 * answered here with the method and headers it asks for. Every other answer names the origin and
 * exposes every header it carries, so whatever a dialect's client reads (`Range`, `Location`,
 * `ETag`, `Digest`, `Retry-After`, `x-upload-*` …) is readable without a list to keep in step.
 */
export function cors(options: CorsOptions): MiddlewareHandler {
  const any = options.origins.includes('*');
  const listed = new Set(options.origins.filter((o) => o !== '*'));
  const allowed = (origin: string, path: string) => listed.has(origin) || (any && !options.explicitOnly(path));

  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || !allowed(origin, c.req.path)) {
      await next();
      if (origin !== undefined) c.res.headers.append('vary', 'Origin');
      return;
    }
    const asked = c.req.header('access-control-request-method');
    if (c.req.method === 'OPTIONS' && asked !== undefined) {
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': asked,
        ...(c.req.header('access-control-request-headers') && { 'access-control-allow-headers': c.req.header('access-control-request-headers')! }),
        'access-control-max-age': '600',
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      });
    }
    await next();
    const headers = new Headers(c.res.headers);
    const exposed = [...headers.keys()].filter((h) => !SAFELISTED.has(h) && h !== 'set-cookie');
    headers.set('access-control-allow-origin', origin);
    if (exposed.length > 0) headers.set('access-control-expose-headers', exposed.join(', '));
    headers.append('vary', 'Origin');
    c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
  };
}
