import { readFile } from 'node:fs/promises';
import { ConfigError, type GatewayConfig, type GatewayConfigInput, loadConfig } from '../config/config';
import { oneLine } from '../config/one-line';
import { type GatewayOptions, type RangewayGateway, createGateway } from '../gateway';
import { nodeHashers } from '../node-hashers';
import { type StorageRuntime, openStorage } from '../storage';
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
export async function serverGateway(
  options: StartOptions,
  runtime: StorageRuntime = {},
): Promise<RangewayGateway & { readonly tls: TlsFiles | undefined }> {
  const config = { ...(options.config ?? {}) };
  const tls = await tlsOf(loadConfig({ input: config as GatewayConfigInput })); // before the store opens: fail fast
  const storage = options.storage ?? (await openStorage(config, undefined, runtime));
  const gateway = createGateway({ hashers: nodeHashers, ...options, storage, config });
  // commits a crash interrupted are settled before any request can see them half-done
  await gateway.uploads.recoverInterruptedCommits();
  const { sweepIntervalMs, sweepLimit } = gateway.config;
  const sweeper = sweepIntervalMs > 0 ? startSweeper(gateway.uploads, { intervalMs: sweepIntervalMs, limit: sweepLimit }) : undefined;
  const close = gateway.close;
  return Object.assign(gateway, {
    tls,
    close: async () => {
      await sweeper?.stop();
      await close();
    },
  });
}

/** `http://host:port` (`https:` with TLS), with an IPv6 host in brackets. */
export function httpUrl(host: string, port: number, tls = false): string {
  return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export type TlsFiles = { readonly cert: string; readonly key: string };

/** The PEM certificate and key of --tls-cert/--tls-key, or undefined without TLS; one line when they do not fit. */
export async function tlsOf(config: Pick<GatewayConfig, 'tlsCert' | 'tlsKey'>): Promise<TlsFiles | undefined> {
  const { tlsCert, tlsKey } = config;
  if (tlsCert === undefined && tlsKey === undefined) return undefined;
  if (tlsCert === undefined || tlsKey === undefined) throw new ConfigError('--tls-cert and --tls-key go together: give both, or neither');
  const read = (flag: string, path: string) =>
    readFile(path, 'utf8').catch((e: unknown) => {
      throw new ConfigError(`${flag}: cannot read ${path}: ${oneLine(e)}`);
    });
  const [cert, key] = await Promise.all([read('--tls-cert', tlsCert), read('--tls-key', tlsKey)]);
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`--tls-cert: ${tlsCert} holds no PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new ConfigError(`--tls-key: ${tlsKey} holds no PEM private key`);
  return { cert, key };
}
