import * as z from '../zod';
import { bool, defaulted, described, int, list, optional, size, text } from './options';
import { s3Fields } from './s3';

/** `*`, or a browser origin (`https://app.example:8443`), kept in the form browsers send. */
const corsOrigin = z.pipe(
  z.string(),
  z.transform((o, ctx) => {
    if (o === '*') return o;
    const url = URL.canParse(o) ? new URL(o) : undefined;
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && /^[a-z]+:\/\/[^/?#]+\/?$/i.test(o)) return url.origin;
    ctx.issues.push({ code: 'custom', message: `${o} is not an origin: give scheme://host[:port] with no path, or *`, input: o });
    return z.NEVER;
  }),
);

/**
 * Gateway configuration. Every key can be given as a CLI flag (`--data-dir D`) or an environment
 * variable (`RANGEWAY_DATA_DIR=D`); flags win. Dialect sections use their name as a prefix
 * (`--box-min-file-size`, `RANGEWAY_BOX_MIN_FILE_SIZE`). Each section lives in its own file.
 */
export const serverSchema = z.object({
  host: defaulted(text(), '127.0.0.1', 'interface to listen on'),
  port: defaulted(int(0, 65535), 8080, 'TCP port (0 = any free port)'),
  // `rangeway serve` defaults to fs (see cli.ts); code (startGateway in a test) to memory, so
  // parallel tests never share or litter a data dir
  store: defaulted(
    z.enum(['memory', 'fs', 's3']),
    'memory',
    'where uploads live: fs (durable, in --data-dir), s3 (an S3 bucket + PostgreSQL, shared by several gateways) or memory (lost on exit; for tests)',
  ),
  dataDir: defaulted(text(), './rangeway-data', 'data directory of the fs store'),
  fsync: defaulted(
    z.enum(['always', 'batch', 'never']),
    'always',
    'fs store durability: always (survives power loss), batch (session state may roll back after a power loss), never (survives only process crashes; fastest)',
  ),
  ...s3Fields,
  sweepIntervalMs: defaulted(int(0), 30_000, 'pause between background expiry sweep steps in ms (0 = no background sweep)'),
  sweepLimit: defaulted(int(1, 10_000), 100, 'sessions visited per sweep step'),
  bodyIdleTimeoutMs: defaulted(
    int(0),
    60_000,
    'abort an upload request whose body sends nothing for this long, releasing its lock; nothing of it is recorded (0 = never)',
  ),
  maxRequestBytes: defaulted(
    size(),
    0,
    "refuse a request whose body carries more bytes, before reading it, in the dialect's own error shape (0 = no limit; a Worker defaults to 100000000, the Free and Pro plans' limit)",
  ),
  tlsCert: optional(text(), 'serve HTTPS (and HTTP/2 where the runtime has it) with this PEM certificate chain; needs --tls-key'),
  tlsKey: optional(text(), 'PEM private key of --tls-cert'),
  idleTimeoutMs: defaulted(
    int(0),
    60_000,
    'close a connection that waits this long on its client: idle between requests, a stalled body, an unread answer (0 = never; a slow body that keeps moving is never cut)',
  ),
  headersTimeoutMs: defaulted(int(100, 600_000), 30_000, 'close a connection whose request headers have not all arrived after this long (slowloris)'),
  shutdownGraceMs: defaulted(
    int(0),
    25_000,
    'on SIGTERM/SIGINT: how long requests in flight may finish (new ones get 503 + Retry-After) before the rest are cut',
  ),
  metrics: defaulted(z.enum(['on', 'off']), 'on', 'Prometheus metrics at GET /metrics (the admin token applies when set)'),
  logFormat: defaulted(z.enum(['text', 'json']), 'text', 'request log lines on stdout: text, or json (one object per line)'),
  logLevel: defaulted(z.enum(['info', 'warn', 'error', 'off']), 'info', 'request log: info = every request, warn = 4xx and 5xx, error = 5xx, off = none'),
  quiet: defaulted(bool(), false, 'only 5xx request lines (as --log-level error)'),
  corsOrigins: described(
    z.pipe(z._default(list(), []), z.array(corsOrigin)),
    'browser origins that may upload through every dialect (comma-separated, or * for any; the admin surface and /metrics need an origin named here); none = no CORS, DeOSS keeps its vendor CORS',
  ),
  publicOrigin: optional(z.url(), 'origin clients use to reach the gateway (for absolute URLs); default: the request origin'),
  trustProxy: defaulted(bool(), false, 'honour X-Forwarded-Proto/Host when building absolute URLs'),
});
