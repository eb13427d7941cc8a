import type { Context, MiddlewareHandler } from 'hono';
import { dialectOf } from './test-target/index';

export type LogFormat = 'text' | 'json';
export type LogLevel = 'info' | 'warn' | 'error' | 'off';

const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2, off: 3 };
const levelOf = (status: number): LogLevel => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

export type AccessLogOptions = {
  readonly format: LogFormat;
  /** the least severe line written: info = every request, warn = 4xx and 5xx, error = 5xx */
  readonly level: LogLevel;
  readonly write: (line: string) => void;
  /** the fault rule that fired on this request, if any */
  readonly faultOf: (req: Request) => string | undefined;
  /** the upload session the request worked on, when its dialect named one */
  readonly uploadOf: (c: Context) => string | undefined;
};

/**
 * One line per request on the server's output: time, request id, dialect, method, path (never the
 * query, where credentials travel), status, declared bytes in, bytes out, duration, and the fault
 * upload session its dialect named, and the fault rule that fired. `json` writes one object per line with these field names.
 */
export function accessLog(o: AccessLogOptions): MiddlewareHandler {
  let seq = 0;
  const prefix = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return async (c, next) => {
    const started = performance.now();
    const request = c.req.raw;
    const id = `${prefix}-${(++seq).toString(36)}`;
    try {
      await next();
    } finally {
      const status = c.res?.status ?? 500;
      if (RANK[levelOf(status)] >= RANK[o.level]) {
        const line = {
          time: new Date().toISOString(),
          id,
          dialect: dialectOf(c.req.path) ?? null,
          method: c.req.method,
          path: c.req.path,
          status,
          bytesIn: Number(request.headers.get('content-length') ?? 0) || 0,
          bytesOut: Number(c.res?.headers.get('content-length') ?? 0) || 0,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          upload: o.uploadOf(c) ?? null,
          fault: o.faultOf(request) ?? null,
        };
        o.write(o.format === 'json' ? JSON.stringify(line) : textLine(line));
      }
    }
  };
}

type Line = { time: string; id: string; dialect: string | null; method: string; path: string; status: number; bytesIn: number; bytesOut: number; durationMs: number; upload: string | null; fault: string | null };

function textLine(l: Line): string {
  const upload = l.upload ? ` upload=${l.upload}` : '';
  const fault = l.fault ? ` fault=${l.fault}` : '';
  return `${l.time} ${l.id} ${l.dialect ?? '-'} ${l.method} ${l.path} ${l.status} in=${l.bytesIn} out=${l.bytesOut} ${l.durationMs}ms${upload}${fault}`;
}
