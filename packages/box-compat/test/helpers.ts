import { createHash } from 'node:crypto';
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

/** The 10-byte file smallBox() uploads in three parts. */
export const SIZE = 10;
export const DATA = bytes(SIZE, 3);
export const sha = (b: Uint8Array) => createHash('sha1').update(b).digest('base64');

/** A Box dialect on a small configuration (10-byte minimum, 4-byte parts) with request helpers. */
export function smallBox(options: Partial<BoxDialectOptions> = {}) {
  const box = boxApp({ minFileSize: 10, partSize: 4, ...options });
  const call = (method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) =>
    box.app.request(`http://127.0.0.1${path}`, {
      method,
      headers: init.headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' || init.body instanceof Uint8Array ? (init.body as BodyInit) : JSON.stringify(init.body),
    });
  const create = async (body: unknown = { folder_id: '0', file_size: SIZE, file_name: 'f.bin' }) => call('POST', '/api/2.0/files/upload_sessions', { body });
  const session = async () => (await (await create()).json()) as { id: string; session_endpoints: Record<string, string> };
  const part = (id: string, first: number, last: number, body = DATA.subarray(first, last + 1), extra: Record<string, string> = {}) =>
    call('PUT', `/api/2.0/files/upload_sessions/${id}`, {
      body,
      headers: { 'content-range': `bytes ${first}-${last}/${SIZE}`, digest: `sha=${sha(body)}`, ...extra },
    });
  const upload = async (id: string) => {
    const parts = [];
    for (const [a, b] of [[0, 3], [4, 7], [8, 9]] as const) parts.push((await (await part(id, a, b)).json()).part);
    return parts;
  };
  const commit = (id: string, parts: unknown, digest = `sha=${sha(DATA)}`, headers: Record<string, string> = {}) =>
    call('POST', `/api/2.0/files/upload_sessions/${id}/commit`, { body: { parts }, headers: { digest, ...headers } });
  return { ...box, call, create, session, part, upload, commit };
}

