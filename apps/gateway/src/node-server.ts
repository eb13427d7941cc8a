import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { loadHttp2 } from './lazy-http2';
import { continueOnRead, nodeBody } from './node-body';
import { NodeConnections, serverTimeoutOptions } from './node-timeouts';
import { NodeProcessMetrics } from './node-process-metrics';
import { ThreadHashers } from './thread-hashers';
import { type RunningGateway, type StartOptions, httpUrl, serverGateway } from './entries/serving';

export type { RunningGateway, StartOptions } from './entries/serving';

/** Serves a gateway over HTTP on Node (node:crypto hashing on a worker thread; storage per config unless given). */
export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const threads = options.hashers ? undefined : new ThreadHashers();
  const processMetrics = options.processMetrics ? undefined : new NodeProcessMetrics();
  const stopOwn = async () => {
    processMetrics?.stop();
    await threads?.close();
  };
  const gateway = await serverGateway({ ...options, ...(threads && { hashers: threads }), ...(processMetrics && { processMetrics }) }).catch(async (e: unknown) => {
    await stopOwn();
    throw e;
  });
  const timeouts = { idleMs: gateway.config.idleTimeoutMs, headersMs: gateway.config.headersTimeoutMs };
  const { tls } = gateway;
  const http2 = tls && (await loadHttp2());
  const server = serve({
    fetch: (request: Request, env: HttpBindings | Http2Bindings) => gateway.fetch(request, { ...env, rangewayBody: nodeBody(request, env.incoming) }),
    hostname: host,
    port: options.port ?? 0,
    // with TLS: HTTP/2, and HTTP/1.1 for clients that do not offer h2 in ALPN
    ...(tls && http2 ? { createServer: http2.createSecureServer, serverOptions: { ...serverTimeoutOptions(timeouts), ...tls, allowHTTP1: true } } : { serverOptions: serverTimeoutOptions(timeouts) }),
  });
  const connections = new NodeConnections(server as Server | Http2SecureServer, timeouts, tls !== undefined);
  server.on('checkContinue', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    continueOnRead(incoming, outgoing);
    server.emit('request', incoming, outgoing);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (e) {
    await gateway.close(); // stop the sweeper and release the data dir
    await stopOwn();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  if (threads) setImmediate(() => threads.start()); // once the caller has said it is listening
  return {
    url: httpUrl(host, port, tls !== undefined),
    port,
    gateway,
    close: async (graceMs = 0) => {
      gateway.drain.begin();
      let ended = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => (ended = true));
      connections.closeIdle();
      if (graceMs > 0) {
        const deadline = Date.now() + graceMs;
        await gateway.drain.idle(graceMs);
        // the answers are made; let them reach their sockets, closing each connection once idle
        while (!ended && Date.now() < deadline) {
          connections.closeIdle();
          await Promise.race([closed, new Promise((r) => setTimeout(r, 20))]);
        }
      }
      connections.closeAll();
      await closed;
      await gateway.close();
      await stopOwn();
    },
  };
}
