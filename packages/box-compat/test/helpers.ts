import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ManualClock, SeededIds, Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
import { Hono } from 'hono';
import { type BoxDialectOptions, boxDialect } from '../src/index';

export const MiB = 1024 * 1024;

/** A Box dialect in-process (app.request) with a manual clock; `listen()` puts it on a loopback port. */
export function boxApp(options: Partial<BoxDialectOptions> = {}) {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 22, 3, 17));
  const uploads = new Uploads({ storage: createMemoryStorage(), hashers: pureHashers, clock, ids: new SeededIds('box') });
  const app = new Hono().route('/', boxDialect({ uploads, ...options }));
  const listen = async () => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    return {
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  };
  return { app, uploads, clock, listen };
}

export const bytes = (n: number, seed = 1) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};
