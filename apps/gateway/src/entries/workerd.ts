import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { ConfigError, type GatewayConfigInput, loadConfig } from '../config/config';
import { runCli } from './run-cli';
import { type StartOptions, tlsOf } from './serving';

/** The bundled module worker (dist/worker.js), next to this file's directory. */
const WORKER = fileURLToPath(new URL('../worker.js', import.meta.url));

/**
 * Serves dist/worker.js in workerd through Miniflare: the real Workers runtime, locally, with
 * `nodejs_compat` (node:crypto hashing) and in-memory storage. The configuration reaches the worker
 * as its `rangeway` JSON binding. Storage, hashers, clock and ids cannot cross into the isolate.
 */
export async function startWorkerdGateway(options: StartOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const store = options.config?.store ?? 'memory';
  if (store !== 'memory') throw new ConfigError(`workerd keeps uploads in memory; --store ${store} is not available there`);
  const tls = await tlsOf(loadConfig({ input: options.config as GatewayConfigInput }));
  const mf = new Miniflare({
    modules: true,
    scriptPath: WORKER,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    host,
    port: options.port ?? 0,
    ...(tls && { httpsCert: tls.cert, httpsKey: tls.key }),
    bindings: { rangeway: JSON.parse(JSON.stringify(options.config ?? {})) },
  });
  const url = await mf.ready;
  return { url: url.origin, port: Number(url.port), close: () => mf.dispose() };
}

// `node dist/entries/workerd.js serve [options]`: the rangeway CLI, answered from inside workerd
runCli(process.argv.slice(2), startWorkerdGateway, { command: 'node dist/entries/workerd.js', runtime: 'workerd', defaults: {} });
