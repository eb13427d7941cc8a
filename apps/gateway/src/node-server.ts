import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createGateway, type GatewayOptions, type RangewayGateway } from './gateway';
import { nodeHashers } from './node-hashers';
import { openStorage } from './storage';
import { startSweeper } from './sweeper';

export type StartOptions = GatewayOptions & {
  /** default 127.0.0.1 */
  readonly host?: string;
  /** default 0: any free port */
  readonly port?: number;
};

export type RunningGateway = {
  /** e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly port: number;
  readonly gateway: RangewayGateway;
  close(): Promise<void>;
};

/** Serves a gateway over HTTP on Node (node:crypto hashing; storage per config unless given). */
export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const config = { ...(options.config ?? {}) };
  const storage = options.storage ?? (await openStorage(config));
  const gateway = createGateway({ hashers: nodeHashers, ...options, storage, config });
  // commits a crash interrupted are settled before any request can see them half-done
  await gateway.uploads.recoverInterruptedCommits();
  const { sweepIntervalMs, sweepLimit } = gateway.config;
  const sweeper = sweepIntervalMs > 0 ? startSweeper(gateway.uploads, { intervalMs: sweepIntervalMs, limit: sweepLimit }) : undefined;
  const server = serve({
    fetch: gateway.fetch,
    hostname: host,
    port: options.port ?? 0,
    // uploads are long requests: no 5-minute request cut-off (Node's default)
    serverOptions: { requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000 },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (e) {
    await sweeper?.stop();
    if (!options.storage) await storage.close?.(); // release the data dir we opened
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    gateway,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await sweeper?.stop();
      await gateway.close();
    },
  };
}
