import type { Context, Next } from 'hono';

/**
 * CORS as the real gateway configures gin-contrib/cors: every origin (`*`, so no credentials and
 * no `Vary`), methods `PUT,GET,DELETE,OPTION` (sic), any request header, nothing exposed. Any
 * OPTIONS with an Origin is a preflight, answered 204.
 */
export async function cors(c: Context, next: Next): Promise<Response | void> {
  if (c.req.header('origin') === undefined) return next();
  if (c.req.method === 'OPTIONS') {
    return c.body(null, 204, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PUT,GET,DELETE,OPTION',
      'access-control-allow-headers': '*',
    });
  }
  await next();
  c.res.headers.set('access-control-allow-origin', '*');
}
