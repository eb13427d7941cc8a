import type { MiddlewareHandler } from 'hono';

/**
 * A HEAD answer carries no body. Routes that serve GET also answer HEAD and may have opened a
 * stream of stored bytes for it (an open file on the fs store); cancel it here, so every stream
 * opened is closed however the request is answered.
 */
export const headWithoutBody: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.req.method !== 'HEAD' || c.res.body === null) return;
  const { status, headers } = c.res;
  await c.res.body.cancel().catch(() => undefined);
  c.res = new Response(null, { status, headers });
};
