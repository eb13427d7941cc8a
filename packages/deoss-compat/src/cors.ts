import type { Context, Next } from 'hono';

/**
 * Permissive CORS like the real gateway's gin-contrib/cors setup: any origin reflected, any
 * request header allowed, preflights answered 204.
 */
export async function cors(c: Context, next: Next): Promise<Response | void> {
  const origin = c.req.header('origin');
  if (c.req.method === 'OPTIONS' && origin !== undefined) {
    return c.body(null, 204, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
      'access-control-allow-headers': c.req.header('access-control-request-headers') ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '43200',
      vary: 'Origin',
    });
  }
  await next();
  if (origin !== undefined) {
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.set('access-control-allow-credentials', 'true');
    c.res.headers.set('access-control-expose-headers', 'Content-Range, Content-Length, Content-Type');
    c.res.headers.append('vary', 'Origin');
  }
}
