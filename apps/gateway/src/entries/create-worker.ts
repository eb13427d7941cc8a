import { type HasherFactory, type Storage, createMemoryStorage, pureHashers } from '@rangeway/core';
import { ConfigError, type GatewayConfig, type GatewayConfigInput, loadConfig } from '../config/config';
import { type RangewayGateway, createGateway } from '../gateway';
import { type WorkerEnv, type WorkerS3, workerS3 } from './worker-s3';

export type { WorkerEnv } from './worker-s3';

export type WorkerOptions = {
  /**
   * Storage for the gateway, built once per isolate from the worker's bindings. Default: per the
   * configuration: `s3` (the S3 + PostgreSQL store every isolate and every other gateway shares)
   * or `memory`, which lives as long as the isolate (fine for a test target, `wrangler dev` or
   * Miniflare; on Cloudflare's edge every isolate has its own).
   */
  readonly storage?: (env: WorkerEnv) => Storage | Promise<Storage>;
  /** default: the pure core hashers; `worker.ts` passes node:crypto (needs `nodejs_compat`) */
  readonly hashers?: HasherFactory;
  /** configuration from code; the `rangeway` JSON binding and RANGEWAY_* string bindings win */
  readonly config?: GatewayConfigInput;
};

/** What the Workers runtime passes besides the request: background work outlives the answer. */
export type WorkerContext = { waitUntil(promise: Promise<unknown>): void };

export type WorkerHandler = {
  fetch(request: Request, env: WorkerEnv, ctx?: WorkerContext): Promise<Response>;
  /** a Cron Trigger: one expiry sweep step and the S3 store's housekeeping */
  scheduled(event: unknown, env: WorkerEnv, ctx?: WorkerContext): Promise<void>;
};

/** The request body limit of the Workers Free and Pro plans (Business: 200 MB, Enterprise: 500 MB). */
const WORKERS_BODY_LIMIT = 100_000_000;

/** RANGEWAY_* text bindings, read like environment variables. */
function textBindings(env: WorkerEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('RANGEWAY_') && typeof v === 'string') out[k] = v;
  return out;
}

type Built = { app: RangewayGateway; config: GatewayConfig; s3?: WorkerS3 };

/**
 * A module worker (`export default createWorker()`) serving the whole gateway. Configuration:
 * an optional JSON binding `rangeway` (the config object, as in code) and RANGEWAY_* text bindings
 * (as in the environment of the CLI); with `store: "s3"`, the usual AWS_* and DATABASE_URL
 * secrets or a Hyperdrive binding (see worker-s3.ts). The admin surface is off unless
 * configured: a worker has no loopback address to decide by.
 */
export function createWorker(options: WorkerOptions = {}): WorkerHandler {
  let built: Promise<Built> | undefined;
  const build = async (env: WorkerEnv): Promise<Built> => {
    const fromBinding = (typeof env.rangeway === 'object' && env.rangeway) || {};
    // a Worker's request bodies are capped by its plan (Free and Pro: 100 MB); larger ones are
    // refused here in the dialect's shape rather than by the platform's bare 413
    const input = { admin: 'off', maxRequestBytes: WORKERS_BODY_LIMIT, ...options.config, ...fromBinding } as GatewayConfigInput;
    const config = loadConfig({ input, env: textBindings(env) });
    const hashers = options.hashers ?? pureHashers;
    if (!options.storage && config.store === 's3') {
      const s3 = workerS3(config, env);
      return { app: createGateway({ config, storage: s3.storage, hashers }), config, s3 };
    }
    if (!options.storage && config.store !== 'memory')
      throw new ConfigError(`--store ${config.store} is not available in a worker: use s3 (shared) or memory`);
    const storage = await (options.storage ?? createMemoryStorage)(env);
    return { app: createGateway({ config, storage, hashers }), config };
  };
  const ready = async (env: WorkerEnv): Promise<Built | Response> => {
    built ??= build(env);
    try {
      return await built;
    } catch (err) {
      built = undefined; // a fixed binding applies on the next request
      return startupFailure(err);
    }
  };
  return {
    async fetch(request, env, ctx) {
      const b = await ready(env);
      if (b instanceof Response) return b;
      if (!b.s3) return b.app.fetch(request);
      return b.s3.serve(ctx, async () => b.app.fetch(request)).catch(startupFailure);
    },
    async scheduled(_event, env, ctx) {
      const b = await ready(env);
      if (b instanceof Response) return;
      const sweep = async () => {
        await b.app.uploads.sweep(b.config.sweepLimit);
        await b.app.uploads.storage.collect?.();
      };
      await (b.s3 ? b.s3.serve(ctx, sweep) : sweep());
    },
  };
}

function startupFailure(err: unknown): Response {
  const message = err instanceof ConfigError ? err.message : 'the gateway could not start';
  if (!(err instanceof ConfigError)) console.error('rangeway: startup failed', err);
  return Response.json({ error: 'config_error', message }, { status: 500 });
}
