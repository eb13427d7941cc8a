import type { MiddlewareHandler } from 'hono';

/** `host` (a name or an address, IPv6 with or without brackets) names this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((o) => Number(o) <= 255) && v4[1] === '127';
}

/** The host name of a `Host` header value (`name:port`, `[v6]:port`). */
function hostName(header: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(header.trim());
  return m ? m[1]! : header;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Keeps the admin surface out of reach of web pages: a page in a browser can make requests to
 * loopback (DNS rebinding lets it even name its own host), and a `no-cors` POST needs no consent.
 * - bound to loopback, a request must name a loopback host (rebinding gives another name);
 * - a state-changing call with an `Origin` must come from the gateway's own origin or an allowed one;
 * - a POST must say `Content-Type: application/json`, which a page can send only after a
 *   CORS preflight (other methods need one anyway).
 * In-process requests without a Host header (app.request in tests) pass the host check.
 */
export function adminGuard(options: { loopbackOnly: boolean; allowedOrigins: readonly string[] }): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (options.loopbackOnly && host !== undefined && !isLoopbackHost(hostName(host)))
      return c.json({ error: 'forbidden', message: `the admin surface answers only to a loopback host name, not ${hostName(host)}` }, 403);
    if (!STATE_CHANGING.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !sameOrigin(origin, host) && !options.allowedOrigins.includes(origin))
      return c.json({ error: 'forbidden', message: `admin calls from the origin ${origin} are not allowed` }, 403);
    const type = c.req.header('content-type')?.split(';')[0]!.trim().toLowerCase();
    if (c.req.method === 'POST' && type !== 'application/json')
      return c.json({ error: 'unsupported_media_type', message: 'admin calls take Content-Type: application/json' }, 415);
    return next();
  };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.trim().toLowerCase();
  } catch {
    return false; // "null" and other opaque origins
  }
}
