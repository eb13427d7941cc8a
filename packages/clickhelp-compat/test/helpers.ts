import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ManualClock, Uploads, collectBytes, createMemoryStorage, pureHashers } from '@rangeway/core';
import type { Hono } from 'hono';
import { type ClickhelpDialectOptions, clickhelpDialect } from '../src/index';

export const FIXED_TIME = Date.UTC(2025, 9, 29, 13, 21, 28, 999); // 2025-10-29T13:21:28.999Z
export const MiB = 1024 * 1024;

export function setup(options: Omit<ClickhelpDialectOptions, 'uploads'> = {}) {
  const clock = new ManualClock(FIXED_TIME);
  const storage = createMemoryStorage();
  const uploads = new Uploads({ storage, hashers: pureHashers, clock });
  const app = clickhelpDialect({ uploads, ...options });
  const call = (
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | string | ReadableStream<Uint8Array> } = {},
  ) =>
    app.request(`http://localhost/api/v1/storage/${path}`, {
      method,
      ...(init.headers && { headers: init.headers }),
      ...(init.body !== undefined && { body: init.body as BodyInit, duplex: 'half' }),
    } as RequestInit);
  /** the stored bytes of a committed file */
  const stored = async (path: string) => {
    const file = await storage.files.get('clickhelp', path);
    if (!file) throw new Error(`no file ${path}`);
    return collectBytes(await storage.blobs.read(file.blobKey));
  };
  return { clock, storage, uploads, app, call, stored };
}

/** Deterministic, non-repeating-looking test data. */
export function data(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out[i] = x & 255;
  }
  return out;
}

export const range = (first: number, last: number, total: number | '*') => ({ 'content-range': `bytes ${first}-${last}/${total}` });

/** Serves a Hono app on 127.0.0.1 at a free port. */
export async function listen(app: Hono): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Waits (by yielding, not by a time threshold) until a condition holds. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, tries = 5000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The golden error shape: the status, JSON content type, `{message}` with a non-empty sentence. */
export async function expectError(res: Response, status: number, headers: Record<string, string | null> = {}): Promise<string> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  if (res.headers.get('content-type') !== 'application/json; charset=utf-8') throw new Error(`content-type ${res.headers.get('content-type')}`);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (Object.keys(body).join() !== 'message' || typeof body.message !== 'string' || body.message.length === 0)
    throw new Error(`not the error shape: ${text}`);
  for (const [name, value] of Object.entries(headers))
    if (res.headers.get(name) !== value) throw new Error(`header ${name}: expected ${value}, got ${res.headers.get(name)}`);
  return body.message;
}
