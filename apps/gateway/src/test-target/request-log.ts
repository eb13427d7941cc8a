import type { Context, MiddlewareHandler } from 'hono';
import { type DialectName, dialectOf } from './dialect-of';

export type LoggedRequest = {
  readonly seq: number;
  /** epoch ms from the gateway's clock (the manual one in deterministic mode) */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly dialect: DialectName | undefined;
  readonly requestHeaders: Record<string, string>;
  /** the status the gateway answered with (a fault rule may have kept it from the client: see `fault`) */
  status: number;
  responseHeaders: Record<string, string>;
  durationMs: number;
  /** the upload session the request worked on, when the dialect named one */
  uploadId: string | null;
  /** the fault rule that fired, and what the client actually got */
  fault: { readonly rule: string; readonly clientGot: string } | null;
};

/** What the request log learns from the rest of the gateway once a request is answered. */
export type RequestFacts = {
  readonly uploadOf: (c: Context) => string | undefined;
  readonly faultOf: (request: Request) => { rule: string; clientGot: string } | undefined;
};

export type RequestQuery = {
  readonly dialect?: string;
  readonly method?: string;
  /** substring of the path */
  readonly path?: string;
  readonly status?: number;
  /** only entries with seq > since */
  readonly since?: number;
  readonly limit?: number;
};

/** Credentials never reach the log. */
const REDACTED = new Set(['authorization', 'cookie', 'signature', 'proxy-authorization']);

/** Query parameters that carry credentials (EOS `authz` tokens and `encURI` capabilities, OAuth-style tokens, signed URLs). */
const SECRET_PARAMS = new Set(['authz', 'encuri', 'access_token', 'token', 'signature', 'sig', 'x-amz-signature', 'x-amz-credential', 'password', 'secret', 'key']);

/** The query string with the values of credential parameters replaced. */
export function redactQuery(search: string): string {
  if (search.length <= 1) return search;
  return `?${search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed name is kept as it was sent
      }
      return eq >= 0 && SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name}=[redacted]` : pair;
    })
    .join('&')}`;
}

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = REDACTED.has(k) ? '[redacted]' : v.length > 512 ? `${v.slice(0, 512)}…` : v;
  });
  return out;
}

/** The last N requests and their answers, newest last, so a test can assert what its client sent. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  middleware(facts: RequestFacts): MiddlewareHandler {
    return async (c: Context, next) => {
      const request = c.req.raw;
      if (this.capacity === 0 || c.req.path.startsWith('/_rangeway')) return next();
      const url = new URL(c.req.url);
      const started = performance.now();
      const entry: LoggedRequest = {
        seq: ++this.seq,
        at: this.now(),
        method: c.req.method,
        path: c.req.path,
        query: redactQuery(url.search),
        dialect: dialectOf(c.req.path),
        requestHeaders: headersOf(c.req.raw.headers),
        status: 0,
        responseHeaders: {},
        durationMs: 0,
        uploadId: null,
        fault: null,
      };
      this.entries.push(entry);
      if (this.entries.length > this.capacity) this.entries.shift();
      try {
        await next();
      } finally {
        entry.status = c.res.status;
        entry.responseHeaders = headersOf(c.res.headers);
        entry.durationMs = Math.round((performance.now() - started) * 1000) / 1000;
        entry.uploadId = facts.uploadOf(c) ?? null;
        entry.fault = facts.faultOf(request) ?? null;
      }
    };
  }

  query(q: RequestQuery = {}): LoggedRequest[] {
    const out = this.entries.filter(
      (e) =>
        (q.dialect === undefined || e.dialect === q.dialect) &&
        (q.method === undefined || e.method === q.method.toUpperCase()) &&
        (q.path === undefined || e.path.includes(q.path)) &&
        (q.status === undefined || e.status === q.status) &&
        (q.since === undefined || e.seq > q.since),
    );
    return q.limit === undefined ? out : out.slice(-q.limit);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
