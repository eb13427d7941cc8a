import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { ConfigError, type GatewayConfig, type GatewayConfigInput, loadConfig } from '../config/config';
import { runCli } from './run-cli';
import { S3_SECRETS, openS3 } from '../storage-s3';
import { type StartOptions, tlsOf } from './serving';

/** The bundled module worker (dist/worker.js), next to this file's directory. */
const WORKER = fileURLToPath(new URL('../worker.js', import.meta.url));

/**
 * Serves dist/worker.js in workerd through Miniflare: the real Workers runtime, locally, with
 * `nodejs_compat` (node:crypto hashing) and in-memory storage or the s3 store. The configuration
 * reaches the worker as its `rangeway` JSON binding, the s3 store's credentials as text bindings.
 * Storage, hashers, clock and ids cannot cross into the isolate.
 */
export async function startWorkerdGateway(options: StartOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const store = options.config?.store ?? 'memory';
  if (store !== 'memory' && store !== 's3') throw new ConfigError(`workerd keeps uploads in memory or in the s3 store; --store ${store} is not available there`);
  const config = loadConfig({ input: options.config as GatewayConfigInput });
  const tls = await tlsOf(config);
  // the s3 store's secrets reach the worker as text bindings, as `wrangler secret put` would set them
  const secrets = store === 's3' ? await workerSecrets(config, process.env) : {};
  const mf = new Miniflare({
    modules: true,
    scriptPath: WORKER,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    host,
    port: options.port ?? 0,
    ...(tls && { httpsCert: tls.cert, httpsKey: tls.key }),
    bindings: { rangeway: JSON.parse(JSON.stringify(options.config ?? {})), ...secrets },
  });
  const url = await mf.ready;
  return { url: url.origin, port: Number(url.port), close: () => mf.dispose() };
}

// `node dist/entries/workerd.js serve [options]`: the rangeway CLI, answered from inside workerd
runCli(process.argv.slice(2), startWorkerdGateway, { command: 'node dist/entries/workerd.js', runtime: 'workerd', defaults: {} });

/**
 * AWS_* and DATABASE_URL from this process's environment. The store is opened here once first,
 * so a missing setting, a wrong endpoint or an unreachable database is one line at start-up (and
 * the schema is migrated) before the worker answers anything.
 */
async function workerSecrets(config: GatewayConfig, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  await (await openS3(config, env)).close?.();
  const out: Record<string, string> = {};
  for (const k of S3_SECRETS) if (env[k]) out[k] = env[k]!;
  return out;
}
