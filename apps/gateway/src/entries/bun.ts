import process from 'node:process';
import { runCli } from './run-cli';
import { type RunningGateway, type StartOptions, httpUrl, serverGateway } from './serving';

// The slice of Bun's API used here (no @types/bun in this Node-first repository).
type BunServer = {
  readonly port: number;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
  timeout(request: Request, seconds: number): void;
};
declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>;
    maxRequestBodySize: number;
    idleTimeout: number;
    tls?: { cert: string; key: string };
  }): BunServer;
};

/**
 * Serves a gateway with `Bun.serve` (node:crypto hashing; storage per config unless given).
 * Bun refuses bodies over 128 MiB by default (413): lifted, since dialects bound chunk sizes.
 * Bun's idle timeout (10 s by default) becomes --idle-timeout-ms, but a request with a body is
 * exempt: Bun's timer does not see body bytes arrive (measured: a body sending a byte every 600 ms
 * is cut at a 3 s timeout), so it would cut slow uploads that keep moving. Stalled bodies are
 * ended by --body-idle-timeout-ms instead.
 */
export async function startBunGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const gateway = await serverGateway(options);
  const server = Bun.serve({
    hostname: host,
    port: options.port ?? 0,
    fetch: (request, bun) => {
      if (request.body !== null) bun.timeout(request, 0);
      return gateway.fetch(request);
    },
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    idleTimeout: bunIdleSeconds(gateway.config.idleTimeoutMs),
    ...(gateway.tls && { tls: gateway.tls }), // HTTPS with HTTP/1.1 (Bun.serve has no HTTP/2)
  });
  return {
    url: httpUrl(host, server.port, gateway.tls !== undefined),
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

/** Bun counts whole seconds, at most 255; 0 turns the timeout off. */
const bunIdleSeconds = (ms: number) => (ms === 0 ? 0 : Math.min(255, Math.max(1, Math.ceil(ms / 1000))));

// `bun dist/entries/bun.js serve [options]`: the rangeway CLI on Bun
if ((import.meta as { main?: boolean }).main)
  runCli(process.argv.slice(2), startBunGateway, { command: 'bun dist/entries/bun.js', runtime: 'bun' });
