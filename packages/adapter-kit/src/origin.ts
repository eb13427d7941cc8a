import type { Context } from 'hono';

export type OriginOptions = {
  /** fixed public origin (e.g. https://uploads.example.com); wins over everything */
  readonly publicOrigin?: string | undefined;
  /** honour X-Forwarded-Proto / X-Forwarded-Host (only behind a proxy you trust) */
  readonly trustProxy?: boolean | undefined;
};

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin a client used to reach us, for absolute URLs in responses. Forwarded headers are
 * ignored unless trusted, and a malformed host falls back to the URL's own, so a request can
 * never make us emit a URL pointing at an arbitrary string.
 */
export function requestOrigin(c: Context, options: OriginOptions = {}): string {
  if (options.publicOrigin) return options.publicOrigin.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  let proto = url.protocol.slice(0, -1);
  let host = url.host;
  if (options.trustProxy) {
    const fproto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    const fhost = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (fproto === 'http' || fproto === 'https') proto = fproto;
    if (fhost && HOST.test(fhost)) host = fhost;
  }
  return `${proto}://${host}`;
}
