import { storedFile } from '@rangeway/core/testing';
import { ManualClock, Uploads, createMemoryStorage, pureHashers } from '@rangeway/core';
import { type DeossDialectOptions, deossDialect } from '../src/index';

/** 2026-01-01T00:00:00Z: before the §12 vectors' deadline (2100-01-01). */
export const FIXED_TIME = Date.UTC(2026, 0, 1);
export const MiB = 1024 * 1024;

/** The §12.1 vector: a key from seed 00..1f, its CESS address and a signed future deadline. */
export const VECTOR = {
  account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt',
  account42: '5HB7kpn92RS7uF9uWn8bXSvPVKFPg8kPUFDd5sbveGjX6Dbi',
  account11331: 'ce8UHfNPSbLvcrnpQboTe9Z7X2qeaM4R5DvN4QbWb6BnPRs4S',
  message: '4102444800',
  signature: '0xda679e42716dd8d24274eed5b433af831e68efabe869f0913e51da76d7ab536f69cd1d4802d5def74b0d29f353fdebf3244b1780512da6aa37340d9d60ef0480',
  base58: '5NGH98XdMQ6D5CeWbbqYQaNpCi2JKmSrgegv5W2DsBa2nYQQVmah2Dj5KFviZd4Y8N7tZEa8qpMiYVUXMvu8WVyh',
  wrapped: '0x24b1e7ffc95fcd12fa31d8ba6f7efada9e6f45d15abc67a774e6199143ff761d304e699edfb2ff28b61f74efcc94079b70410fbc24bd8ce0e3ef06d471732a82',
  never: { message: '123', signature: '0x72592471bea7b4a60f86a77cd4e9b675c862e15055d01032dc64eaf5adccf9713702f93e744493bc58876818f1a478b734060019d29feaca0251662a3fa04c80' },
} as const;

/** Identity headers of the vector account (valid until 2100). */
export const SIGNED = { account: VECTOR.account, message: VECTOR.message, signature: VECTOR.signature };

export function setup(options: Omit<DeossDialectOptions, 'uploads'> = {}) {
  const clock = new ManualClock(FIXED_TIME);
  const storage = createMemoryStorage();
  const uploads = new Uploads({ storage, hashers: pureHashers, clock });
  const app = deossDialect({ uploads, ...options });
  const put = (name: string, headers: Record<string, string>, body?: Uint8Array | string | ReadableStream<Uint8Array>) =>
    app.request(`http://localhost/resume/${name}`, {
      method: 'PUT',
      headers,
      ...(body !== undefined && { body: body as BodyInit, duplex: 'half' }),
    } as RequestInit);
  /** the stored bytes of a committed file */
  const stored = (name: string) => storedFile(storage, 'deoss', name);
  return { clock, storage, uploads, app, put, stored };
}

export { testBytes as data } from '@rangeway/core/testing';
export { listen, until } from '@rangeway/adapter-kit/testing';

export const range = (start: number, end: number, total: number | string) => ({ 'content-range': `bytes ${start}-${end}/${total}` });



/** The golden envelope: HTTP 200, JSON type, exactly this body text. */
export async function expectEnvelope(res: Response, code: number, msg: string): Promise<void> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`expected HTTP 200, got ${res.status}: ${text}`);
  if (res.headers.get('content-type') !== 'application/json; charset=utf-8') throw new Error(`content-type ${res.headers.get('content-type')}`);
  const want = `{"code":${code},"msg":${JSON.stringify(msg)},"data":null}`;
  if (text !== want) throw new Error(`expected ${want}, got ${text}`);
}
