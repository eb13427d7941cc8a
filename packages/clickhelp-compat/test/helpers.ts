import { storedFile } from '@rangeway/core/testing';
import { ManualClock, Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
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
  const stored = (name: string) => storedFile(storage, 'clickhelp', name);
  return { clock, storage, uploads, app, call, stored };
}

export { testBytes as data } from '@rangeway/core/testing';
export { listen, until } from '@rangeway/adapter-kit/testing';

export const range = (first: number, last: number, total: number | '*') => ({ 'content-range': `bytes ${first}-${last}/${total}` });



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
