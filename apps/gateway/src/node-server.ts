import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { continueOnRead, nodeBody } from './node-body';
import { closeStalledConnections, serverTimeoutOptions } from './node-timeouts';
import { ThreadHashers } from './thread-hashers';
import { type RunningGateway, type StartOptions, httpUrl, serverGateway } from './entries/serving';

export type { RunningGateway, StartOptions } from './entries/serving';

/** Serves a gateway over HTTP on Node (node:crypto hashing on a worker thread; storage per config unless given). */
export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const threads = options.hashers ? undefined : new ThreadHashers();
  const gateway = await serverGateway({ ...options, ...(threads && { hashers: threads }) }).catch(async (e: unknown) => {
    await threads?.close();
    throw e;
  });
  const timeouts = { idleMs: gateway.config.idleTimeoutMs, headersMs: gateway.config.headersTimeoutMs };
  const server = serve({
    fetch: (request: Request, env: HttpBindings | Http2Bindings) => gateway.fetch(request, { ...env, rangewayBody: nodeBody(request, env.incoming) }),
    hostname: host,
    port: options.port ?? 0,
    serverOptions: serverTimeoutOptions(timeouts),
  });
  closeStalledConnections(server as Server, timeouts.idleMs);
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
    await threads?.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: httpUrl(host, port),
    port,
    gateway,
    close: async (graceMs = 0) => {
      gateway.drain.begin();
      let ended = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => (ended = true));
      const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      http.closeIdleConnections?.();
      if (graceMs > 0) {
        const deadline = Date.now() + graceMs;
        await gateway.drain.idle(graceMs);
        // the answers are made; let them reach their sockets, closing each connection once idle
        while (!ended && Date.now() < deadline) {
          http.closeIdleConnections?.();
          await Promise.race([closed, new Promise((r) => setTimeout(r, 20))]);
        }
      }
      http.closeAllConnections?.();
      await closed;
      await gateway.close();
      await threads?.close();
    },
  };
}
