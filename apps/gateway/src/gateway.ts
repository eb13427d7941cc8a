import { boxDialect } from '@rangeway/box-compat';
import { clickhelpDialect } from '@rangeway/clickhelp-compat';
import {
  type Clock,
  type HasherFactory,
  type IdSource,
  ManualClock,
  SeededIds,
  type Storage,
  Uploads,
  createMemoryStorage,
  pureHashers,
  randomIds,
  systemClock,
} from '@rangeway/core';
import { deossDialect } from '@rangeway/deoss-compat';
import { eosDialect } from '@rangeway/eos-compat';
import { notedUpload } from '@rangeway/adapter-kit';
import { Hono } from 'hono';
import { ConfigError, type GatewayConfig, type GatewayConfigInput, loadConfig } from './config/config';
import { oneLine } from './config/one-line';
import { accessLog } from './access-log';
import { cors } from './cors';
import { Drain } from './drain';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { CONTENT_TYPE } from './metrics/registry';
import { timedStorage } from './metrics/timed-storage';
import { headWithoutBody } from './head-bodies';
import { FaultInjector, RequestLog, adminApp, isLoopbackHost } from './test-target/index';
import { VERSION } from './version';

export type GatewayOptions = {
  /** configuration, validated like the CLI's (defaults apply) */
  readonly config?: GatewayConfigInput | GatewayConfig;
  /** storage back end; default: in memory */
  readonly storage?: Storage;
  /** hash implementation; the Node entry points inject node:crypto, others use the pure core */
  readonly hashers?: HasherFactory;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** where request log lines go (one per request, per --log-format/--log-level); default: none */
  readonly logSink?: (line: string) => void;
  /** the runtime's own series for /metrics (exposition text; startGateway gives Node's: CPU, memory, event-loop lag) */
  readonly processMetrics?: { render(): string };
};

/** The composed Hono app plus the engine behind it (for inspection and shutdown). */
export type RangewayGateway = Hono & {
  readonly uploads: Uploads;
  readonly storage: Storage;
  readonly config: GatewayConfig;
  /** the last requests and answers (also at GET /_rangeway/requests) */
  readonly requestLog: RequestLog;
  /** fault rules (also at /_rangeway/faults) */
  readonly faults: FaultInjector;
  /** the gateway's clock: a ManualClock in deterministic mode, which tests may advance */
  readonly clock: Clock;
  /** requests in flight, and the 503s of a graceful shutdown */
  readonly drain: Drain;
  close(): Promise<void>;
};

/**
 * All four dialects behind one Hono app. Runtime-neutral: no node: imports here, so the same app
 * runs on Node, Bun, Deno and workerd; entry points add the server and the storage choice.
 */
export function createGateway(options: GatewayOptions = {}): RangewayGateway {
  const config = loadConfig({ input: options.config as GatewayConfigInput });
  const drain = new Drain();
  const metrics = config.metrics === 'on' ? new GatewayMetrics(() => drain.inFlight, options.processMetrics) : undefined;
  const given = options.storage ?? createMemoryStorage();
  const storage = metrics ? timedStorage(given, metrics.observeStore) : given;
  const clock = options.clock ?? (config.clockStart ? new ManualClock(Date.parse(config.clockStart)) : systemClock);
  const ids = options.ids ?? (config.seed ? new SeededIds(config.seed) : randomIds);
  const uploads = new Uploads({
    storage,
    hashers: options.hashers ?? pureHashers,
    clock,
    ids,
    bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
    ...(config.maxRequestBytes > 0 && { maxWriteBytes: config.maxRequestBytes }),
    ...(metrics && { events: metrics.onUploadEvent }),
  });
  const requestLog = new RequestLog(config.requestLogSize, () => clock.now());
  const faults = new FaultInjector(config.seed);
  try {
    faults.add(config.fault);
  } catch (e) {
    throw new ConfigError(`invalid --fault rule: ${oneLine(e)}`);
  }
  const shared = { uploads, publicOrigin: config.publicOrigin, trustProxy: config.trustProxy };

  const app = new Hono();
  const level = config.quiet ? 'error' : config.logLevel;
  if (options.logSink && level !== 'off')
    app.use('*', accessLog({ format: config.logFormat, level, write: options.logSink, faultOf: (r) => faults.firedOn(r), uploadOf: notedUpload }));
  if (metrics) app.use('*', metrics.middleware((r) => faults.firedOn(r)));
  app.use(
    '*',
    requestLog.middleware({
      uploadOf: notedUpload,
      faultOf: (r) => {
        const rule = faults.firedOn(r);
        return rule === undefined ? undefined : { rule, clientGot: faults.outcomeOf(r) ?? 'the dialect\'s answer' };
      },
    }),
  );
  if (config.corsOrigins.length > 0) app.use('*', cors({ origins: config.corsOrigins, explicitOnly: isAdminPath }));
  app.use('*', drain.middleware());
  app.use('*', faults.middleware());
  app.use('*', headWithoutBody);
  app.get('/_rangeway/health', (c) => c.json({ status: 'ok', version: VERSION }));
  if (metrics)
    app.get('/metrics', async (c) => {
      if (config.adminToken && c.req.header('authorization') !== `Bearer ${config.adminToken}`)
        return c.json({ error: 'unauthorized', message: 'the metrics need the admin bearer token' }, 401);
      return c.body(await metrics.scrape(storage), 200, { 'content-type': CONTENT_TYPE });
    });
  if (adminEnabled(config))
    app.route(
      '/',
      adminApp({
        uploads,
        log: requestLog,
        faults,
        clock,
        token: config.adminToken,
        loopbackOnly: isLoopbackHost(config.host),
        allowedOrigins: config.corsOrigins.filter((o) => o !== '*'),
      }),
    );
  app.route('/', boxDialect({ ...shared, ...config.box }));
  app.route('/', eosDialect({ ...shared, ...config.eos }));
  app.route('/', deossDialect({ ...shared, ...config.deoss, vendorCors: config.corsOrigins.length === 0 }));
  app.route('/', clickhelpDialect({ ...shared, ...config.clickhelp }));
  app.notFound((c) => c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    // dialects map their own errors; reaching here is a bug, so say little and keep the process up
    console.error('rangeway: unhandled error', err);
    return c.json({ error: 'internal_error', message: 'internal error' }, 500);
  });

  return Object.assign(app, {
    uploads,
    storage,
    config,
    requestLog,
    faults,
    clock,
    drain,
    close: async () => {
      await storage.close?.();
    },
  });
}

/** The admin surface and the metrics: CORS opens them only to origins named one by one. */
const isAdminPath = (path: string) => path === '/metrics' || path === '/_rangeway' || path.startsWith('/_rangeway/');

/** The admin surface is on when asked, or by default only while bound to a loopback address. */
export function adminEnabled(config: GatewayConfig): boolean {
  if (config.admin !== 'auto') return config.admin === 'on';
  return isLoopbackHost(config.host);
}
