import { createCipheriv } from 'node:crypto';
import { pureHashers, streamOfBytes } from '@rangeway/core';
import { describe, expect, it } from 'vitest';
import { fidOf } from '../src/fid';
import { MiB, SIGNED, data, expectEnvelope, range, setup } from './helpers';

// The Cipher header: the file is stored as cess-go-sdk encrypts it, and the fid covers the
// encrypted segments. The reference here is an independent implementation with node:crypto.
const SEGMENT = 32 * MiB;

/** cess-go-sdk's layout: segments of 32 MiB − 16 bytes (the last zero-filled), each AES-256-CBC + PKCS#7. */
function reference(plain: Uint8Array, cipher: string): Buffer {
  const key = Buffer.alloc(32, '0');
  key.write(cipher);
  const out: Buffer[] = [];
  for (let at = 0; at < Math.max(plain.length, 1); at += SEGMENT - 16) {
    const segment = Buffer.alloc(SEGMENT - 16);
    segment.set(plain.subarray(at, at + SEGMENT - 16));
    const aes = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    out.push(aes.update(segment), aes.final());
  }
  return Buffer.concat(out);
}

const done = async (res: Response) => (await res.json()) as { code: number; data: { fid: string } };

async function upload(env: ReturnType<typeof setup>, name: string, bytes: Uint8Array, cipher: string) {
  const half = Math.floor(bytes.length / 2);
  expect((await env.put(name, { ...SIGNED, ...range(0, half - 1, bytes.length) }, bytes.subarray(0, half))).status).toBe(308);
  return env.put(name, { ...SIGNED, cipher, territory: 't', ...range(half, bytes.length - 1, bytes.length) }, bytes.subarray(half));
}

describe('Cipher (encrypted range upload)', () => {
  // 64 MiB of pure-JS AES and SHA-256: ~5 s alone, much longer while CI runs every suite at once
  it('stores the segments as cess-go-sdk encrypts them; the fid covers them; the same Cipher decrypts', { timeout: 120_000 }, async () => {
    const env = setup();
    const plain = data(SEGMENT + 1234, 5); // two segments: the second mostly zero fill
    const res = await upload(env, 'secret.bin', plain, 'my-cipher');
    const { code, data: d } = await done(res);
    expect(code).toBe(200);
    const expected = reference(plain, 'my-cipher');
    expect(expected.length).toBe(2 * SEGMENT);
    expect(d.fid).toBe(await fidOf(streamOfBytes(expected), pureHashers));

    const raw = new Uint8Array(await (await env.app.request(`http://localhost/file/download/${d.fid}`)).arrayBuffer());
    expect(Buffer.compare(raw, expected)).toBe(0); // without the Cipher: what is stored
    const back = await env.app.request(`http://localhost/file/download/${d.fid}`, { headers: { cipher: 'my-cipher' } });
    expect(back.headers.get('content-length')).toBe(String(plain.length));
    expect(Buffer.compare(new Uint8Array(await back.arrayBuffer()), plain)).toBe(0);
    const meta = await (await env.app.request(`http://localhost/file/metadata/${d.fid}`)).json();
    expect(meta.data.size).toBe(plain.length);
  });

  it('a small file is one segment; the preview decrypts too; a wrong Cipher is refused before any byte is sent', async () => {
    const env = setup();
    const plain = new TextEncoder().encode('hello, encrypted world');
    const { data: d } = await done(await upload(env, 'small.txt', plain, 'k'));
    expect(d.fid).toBe(await fidOf(streamOfBytes(reference(plain, 'k')), pureHashers));
    const open = await env.app.request(`http://localhost/file/open/${d.fid}`, { headers: { cipher: 'k' } });
    expect(await open.text()).toBe('hello, encrypted world');
    await expectEnvelope(await env.app.request(`http://localhost/file/download/${d.fid}`, { headers: { cipher: 'not-k' } }), 400, 'the Cipher does not decrypt this file');
  });

  it('refuses a Cipher cess-go-sdk would refuse (over 32 bytes) before storing anything', async () => {
    const env = setup();
    await expectEnvelope(await env.put('long.bin', { ...SIGNED, cipher: 'x'.repeat(33), ...range(0, 3, 4) }, 'abcd'), 400, 'key length cannot exceed 32');
    expect((await env.put('long.bin', { ...SIGNED, ...range(0, 1, 4) }, 'ab')).status).toBe(308); // nothing was held
  });
});
