import { type HasherFactory, type Storage, createMemoryStorage, pureHashers } from '@rangeway/core';
import { ConfigError, type GatewayConfigInput, loadConfig } from '../config/config';
import { type RangewayGateway, createGateway } from '../gateway';

/** Bindings of a Cloudflare Worker, as far as the gateway reads them. */
export type WorkerEnv = Record<string, unknown>;

export type WorkerOptions = {
  /**
   * Storage for the gateway, built once per isolate from the worker's bindings. Default: in
   * memory, which lives as long as the isolate (fine for a test target, `wrangler dev` or
   * Miniflare; on Cloudflare's edge every isolate has its own). The seam for KV/R2/Durable Objects.
   */
  readonly storage?: (env: WorkerEnv) => Storage | Promise<Storage>;
  /** default: the pure core hashers; `worker.ts` passes node:crypto (needs `nodejs_compat`) */
  readonly hashers?: HasherFactory;
  /** configuration from code; the `rangeway` JSON binding and RANGEWAY_* string bindings win */
  readonly config?: GatewayConfigInput;
};

export type WorkerHandler = { fetch(request: Request, env: WorkerEnv): Promise<Response> };

/** RANGEWAY_* text bindings, read like environment variables. */
function textBindings(env: WorkerEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('RANGEWAY_') && typeof v === 'string') out[k] = v;
  return out;
}

/**
 * A module worker (`export default createWorker()`) serving the whole gateway. Configuration:
 * an optional JSON binding `rangeway` (the config object, as in code) and RANGEWAY_* text bindings
 * (as in the environment of the CLI). The admin surface is off unless configured: a worker has
 * no loopback address to decide by.
 */
export function createWorker(options: WorkerOptions = {}): WorkerHandler {
  let gateway: Promise<RangewayGateway> | undefined;
  const build = async (env: WorkerEnv): Promise<RangewayGateway> => {
    const fromBinding = (typeof env.rangeway === 'object' && env.rangeway) || {};
    const input = { admin: 'off', ...options.config, ...fromBinding } as GatewayConfigInput;
    const config = loadConfig({ input, env: textBindings(env) });
    if (!options.storage && config.store !== 'memory')
      throw new ConfigError(`--store ${config.store} is not available in a worker: it keeps uploads in memory or in its storage factory`);
    const storage = await (options.storage ?? createMemoryStorage)(env);
    return createGateway({ config, storage, hashers: options.hashers ?? pureHashers });
  };
  return {
    async fetch(request, env) {
      gateway ??= build(env);
      let app: RangewayGateway;
      try {
        app = await gateway;
      } catch (err) {
        gateway = undefined; // a fixed binding applies on the next request
        const message = err instanceof ConfigError ? err.message : 'the gateway could not start';
        if (!(err instanceof ConfigError)) console.error('rangeway: startup failed', err);
        return Response.json({ error: 'config_error', message }, { status: 500 });
      }
      return app.fetch(request);
    },
  };
}
