import * as z from 'zod';
import { s3Fields } from './s3';

/**
 * Gateway configuration. Every key can be given as a CLI flag (`--data-dir D`) or an environment
 * variable (`RANGEWAY_DATA_DIR=D`); flags win. Dialect sections use their name as a prefix
 * (`--box-min-file-size`, `RANGEWAY_BOX_MIN_FILE_SIZE`). Each section lives in its own file.
 */
export const bool = () =>
  z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])]).transform((v) =>
    typeof v === 'boolean' ? v : ['true', '1', 'on', 'yes'].includes(v),
  );

/** A comma-separated list from the command line, or an array from code. */
export const list = () =>
  z.union([z.array(z.string()), z.string()]).transform((v) =>
    Array.isArray(v) ? v : v.split(',').map((s) => s.trim()).filter(Boolean),
  );

export const size = () => z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `*`, or a browser origin (`https://app.example:8443`), kept in the form browsers send. */
const corsOrigin = z.string().transform((o, ctx) => {
  if (o === '*') return o;
  const url = URL.canParse(o) ? new URL(o) : undefined;
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && /^[a-z]+:\/\/[^/?#]+\/?$/i.test(o)) return url.origin;
  ctx.addIssue({ code: 'custom', message: `${o} is not an origin: give scheme://host[:port] with no path, or *` });
  return z.NEVER;
});

export const serverSchema = z.object({
  host: z.string().min(1).default('127.0.0.1').describe('interface to listen on'),
  port: z.coerce.number().int().min(0).max(65535).default(8080).describe('TCP port (0 = any free port)'),
  // `rangeway serve` defaults to fs (see cli.ts); code (startGateway in a test) to memory, so
  // parallel tests never share or litter a data dir
  store: z
    .enum(['memory', 'fs', 's3'])
    .default('memory')
    .describe('where uploads live: fs (durable, in --data-dir), s3 (an S3 bucket + PostgreSQL, shared by several gateways) or memory (lost on exit; for tests)'),
  dataDir: z.string().min(1).default('./rangeway-data').describe('data directory of the fs store'),
  fsync: z
    .enum(['always', 'batch', 'never'])
    .default('always')
    .describe(
      'fs store durability: always (survives power loss), batch (session state may roll back after a power loss), never (survives only process crashes; fastest)',
    ),
  ...s3Fields,
  sweepIntervalMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(30_000)
    .describe('pause between background expiry sweep steps in ms (0 = no background sweep)'),
  sweepLimit: z.coerce.number().int().min(1).max(10_000).default(100).describe('sessions visited per sweep step'),
  bodyIdleTimeoutMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe('abort an upload request whose body sends nothing for this long, releasing its lock; nothing of it is recorded (0 = never)'),
  maxRequestBytes: size()
    .default(0)
    .describe('refuse a request whose body carries more bytes, before reading it, in the dialect\'s own error shape (0 = no limit; a Worker defaults to 100000000, the Free and Pro plans\' limit)'),
  tlsCert: z.string().min(1).optional().describe('serve HTTPS (and HTTP/2 where the runtime has it) with this PEM certificate chain; needs --tls-key'),
  tlsKey: z.string().min(1).optional().describe('PEM private key of --tls-cert'),
  idleTimeoutMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe('close a connection that waits this long on its client: idle between requests, a stalled body, an unread answer (0 = never; a slow body that keeps moving is never cut)'),
  headersTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe('close a connection whose request headers have not all arrived after this long (slowloris)'),
  shutdownGraceMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(25_000)
    .describe('on SIGTERM/SIGINT: how long requests in flight may finish (new ones get 503 + Retry-After) before the rest are cut'),
  metrics: z.enum(['on', 'off']).default('on').describe('Prometheus metrics at GET /metrics (the admin token applies when set)'),
  logFormat: z.enum(['text', 'json']).default('text').describe('request log lines on stdout: text, or json (one object per line)'),
  logLevel: z
    .enum(['info', 'warn', 'error', 'off'])
    .default('info')
    .describe('request log: info = every request, warn = 4xx and 5xx, error = 5xx, off = none'),
  quiet: bool().default(false).describe('only 5xx request lines (as --log-level error)'),
  corsOrigins: list()
    .default([])
    .pipe(z.array(corsOrigin))
    .describe(
      'browser origins that may upload through every dialect (comma-separated, or * for any; the admin surface and /metrics need an origin named here); none = no CORS, DeOSS keeps its vendor CORS',
    ),
  publicOrigin: z
    .url()
    .optional()
    .describe('origin clients use to reach the gateway (for absolute URLs); default: the request origin'),
  trustProxy: bool().default(false).describe('honour X-Forwarded-Proto/Host when building absolute URLs'),
});
