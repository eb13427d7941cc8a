import { runCli } from './run-cli';
import { nodeHttpFetch } from './node-http-fetch';
import { type RunningGateway, type StartOptions, httpUrl, serverGateway } from './serving';

// The slice of Deno's API used here (no Deno types in this Node-first repository).
type DenoServer = { readonly addr: { readonly port: number }; shutdown(): Promise<void> };
declare const Deno: {
  readonly args: string[];
  serve(
    options: { hostname: string; port: number; onListen?: () => void; cert?: string; key?: string },
    handler: (request: Request) => Response | Promise<Response>,
  ): DenoServer;
};

/**
 * Serves a gateway with `Deno.serve` (node:crypto hashing; storage per config unless given).
 * Deno sets no request-body size limit. Needs --allow-net and --allow-env (plus --allow-read
 * and --allow-write for the fs store, --allow-read for --tls-cert/--tls-key).
 */
export async function startDenoGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  // Deno's fetch cannot stream a body of known length, which S3 needs: node:http can
  const gateway = await serverGateway(options, { s3Fetch: nodeHttpFetch });
  const server = Deno.serve(
    // the CLI prints its own line; with TLS, Deno offers HTTP/2 and HTTP/1.1 through ALPN
    { hostname: host, port: options.port ?? 0, onListen: () => {}, ...gateway.tls },
    (request) => gateway.fetch(request),
  );
  return {
    url: httpUrl(host, server.addr.port, gateway.tls !== undefined),
    port: server.addr.port,
    gateway,
    close: async (graceMs = 0) => {
      // Deno's shutdown() ends the bodies of requests in flight (they would be answered as short,
      // blaming the client), so it comes only after they are done or the grace period is over
      gateway.drain.begin();
      if (graceMs > 0) await gateway.drain.idle(graceMs);
      await Promise.race([server.shutdown(), new Promise((r) => setTimeout(r, 1000))]);
      await gateway.close();
    },
  };
}

// `deno run --allow-net --allow-env dist/entries/deno.js serve [options]`: the rangeway CLI on Deno
if ((import.meta as { main?: boolean }).main)
  runCli(Deno.args, startDenoGateway, { command: 'deno run -A dist/entries/deno.js', runtime: 'deno' });
