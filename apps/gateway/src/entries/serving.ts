import { type GatewayOptions, type RangewayGateway, createGateway } from '../gateway';
import { nodeHashers } from '../node-hashers';
import { openStorage } from '../storage';
import { startSweeper } from '../sweeper';

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
  /**
   * Stops the server. With `graceMs`, gracefully: no new connections, new requests get 503 +
   * Retry-After, requests in flight may finish for up to `graceMs`, then the rest are cut; the
   * store is closed last.
   */
  close(graceMs?: number): Promise<void>;
};

/**
 * The gateway a server runtime (Node, Bun, Deno) serves: node:crypto hashing, storage per the
 * configuration unless given. Each runtime's entry only adds its own listener.
 */
export async function serverGateway(options: StartOptions): Promise<RangewayGateway> {
  const config = { ...(options.config ?? {}) };
  const storage = options.storage ?? (await openStorage(config));
  const gateway = createGateway({ hashers: nodeHashers, ...options, storage, config });
  // commits a crash interrupted are settled before any request can see them half-done
  await gateway.uploads.recoverInterruptedCommits();
  const { sweepIntervalMs, sweepLimit } = gateway.config;
  const sweeper = sweepIntervalMs > 0 ? startSweeper(gateway.uploads, { intervalMs: sweepIntervalMs, limit: sweepLimit }) : undefined;
  const close = gateway.close;
  return Object.assign(gateway, {
    close: async () => {
      await sweeper?.stop();
      await close();
    },
  });
}

/** `http://host:port`, with an IPv6 host in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
