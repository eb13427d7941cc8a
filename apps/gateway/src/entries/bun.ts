import process from 'node:process';
import { runCli } from './run-cli';
import { type RunningGateway, type StartOptions, httpUrl, serverGateway } from './serving';

// The slice of Bun's API used here (no @types/bun in this Node-first repository).
type BunServer = { readonly port: number; stop(closeActiveConnections?: boolean): Promise<void> | void };
declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request) => Response | Promise<Response>;
    maxRequestBodySize: number;
    idleTimeout: number;
  }): BunServer;
};

/**
 * Serves a gateway with `Bun.serve` (node:crypto hashing; storage per config unless given).
 * Bun refuses bodies over 128 MiB by default (413) and drops connections idle for 10 s: both are
 * lifted, since a single upload request may be large and slow. Dialects bound chunk sizes.
 */
export async function startBunGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const gateway = await serverGateway(options);
  const server = Bun.serve({
    hostname: host,
    port: options.port ?? 0,
    fetch: (request) => gateway.fetch(request),
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    idleTimeout: 255, // seconds, Bun's maximum
  });
  return {
    url: httpUrl(host, server.port),
    port: server.port,
    gateway,
    close: async (graceMs = 0) => {
      gateway.drain.begin();
      const stopped = server.stop(false); // no new connections; resolves once requests in flight are done
      if (graceMs > 0) await Promise.race([stopped, new Promise((r) => setTimeout(r, graceMs))]);
      await server.stop(true);
      await gateway.close();
    },
  };
}

// `bun dist/entries/bun.js serve [options]`: the rangeway CLI on Bun
if ((import.meta as { main?: boolean }).main)
  runCli(process.argv.slice(2), startBunGateway, { command: 'bun dist/entries/bun.js', runtime: 'bun' });
