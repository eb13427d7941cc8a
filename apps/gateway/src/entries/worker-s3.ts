import type { Storage } from '@rangeway/core';
import type { GatewayConfig } from '../config/config';
import { S3_SECRETS, openS3 } from '../storage-s3';
import { RequestStorage } from './request-storage';

/** Bindings of a Cloudflare Worker, as far as the gateway reads them. */
export type WorkerEnv = Record<string, unknown>;

/** The database URL a Hyperdrive binding named HYPERDRIVE hands out, if there is one. */
function hyperdrive(env: WorkerEnv): string | undefined {
  const h = env.HYPERDRIVE as { connectionString?: unknown } | undefined;
  return typeof h?.connectionString === 'string' ? h.connectionString : undefined;
}

export type WorkerS3 = {
  /** the gateway's storage: every call goes to the store of the request being answered */
  readonly storage: Storage;
  /** Answers one request (or cron event) on a store opened for it, closed once its work is done. */
  serve<T>(ctx: { waitUntil(p: Promise<unknown>): void } | undefined, work: () => Promise<T>): Promise<T>;
};

/**
 * The S3 + PostgreSQL store in a Worker. Database connections cannot outlive the request that
 * opened them, so each request opens the store (the bucket and schema are checked by the
 * first one only) and closes it after answering, through waitUntil: leases, seals started by a
 * commit and the connection end there. Bytes, sessions, leases and digest checkpoints live in
 * the bucket and the database, so any isolate, and any gateway on Node, Bun or Deno, carries on.
 */
export function workerS3(config: GatewayConfig, env: WorkerEnv): WorkerS3 {
  const vars: Record<string, string | undefined> = {};
  for (const k of S3_SECRETS) if (typeof env[k] === 'string') vars[k] = env[k] as string;
  vars.DATABASE_URL = hyperdrive(env) ?? vars.DATABASE_URL;
  const requests = new RequestStorage();
  let checked = false;
  return {
    storage: requests.storage,
    async serve(ctx, work) {
      // a few connections: the request's queries, its lease heartbeat, a seal in the background
      const storage = await openS3(config, vars, {}, { checked, poolSize: 3 });
      checked = true;
      try {
        return await requests.run(storage, work);
      } finally {
        const closing = storage.close!().catch(() => undefined);
        if (ctx) ctx.waitUntil(closing);
        else await closing;
      }
    },
  };
}
