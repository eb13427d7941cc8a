import { type ByteSource, chunksOf } from '@rangeway/core';
import { DeossError } from './envelope';
import { SEGMENT_SIZE } from './fid';

/**
 * Encryption with a `Cipher` header, as cess-go-sdk does it (FillAndCutWithAESEncryption and
 * AesCbcEncrypt): the file is cut into segments of 32 MiB − 16 bytes, the last one zero-filled;
 * each is encrypted with AES-256-CBC and PKCS#7 padding, which makes it exactly 32 MiB. The key is
 * the Cipher's bytes right-padded with ASCII "0" to 32 bytes, and the IV is the key's first 16
 * bytes. The fid is then the segment tree over the encrypted segments.
 */
export const PLAIN_SEGMENT = SEGMENT_SIZE - 16;

const utf8 = new TextEncoder();

/** The Cipher header: 1 to 32 bytes, or the SDK's own refusal. */
export function checkCipher(cipher: string): void {
  const n = utf8.encode(cipher).length;
  if (n > 32) throw new DeossError(400, 'key length cannot exceed 32');
  if (n === 0) throw new DeossError(400, 'key length cannot be empty');
}

async function keyOf(cipher: string, usage: 'encrypt' | 'decrypt'): Promise<{ key: CryptoKey; iv: Uint8Array<ArrayBuffer> }> {
  const padded = new Uint8Array(32).fill(0x30);
  padded.set(utf8.encode(cipher));
  const key = await crypto.subtle.importKey('raw', padded, { name: 'AES-CBC' }, false, [usage]);
  return { key, iv: padded.slice(0, 16) };
}

/** `size` bytes of `source` in pieces of exactly `piece` bytes, the last one zero-filled. */
async function* pieces(source: ByteSource, size: number, piece: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let buf = new Uint8Array(piece);
  let at = 0;
  let seen = 0;
  for await (const chunk of chunksOf(source)) {
    for (let off = 0; off < chunk.length && seen < size; ) {
      const take = Math.min(chunk.length - off, piece - at, size - seen);
      buf.set(chunk.subarray(off, off + take), at);
      at += take;
      off += take;
      seen += take;
      if (at === piece) {
        yield buf;
        buf = new Uint8Array(piece);
        at = 0;
      }
    }
  }
  if (at > 0) yield buf; // zero-filled past the end of the file
}

/** The encrypted segments (32 MiB each) of a plaintext file of `size` bytes. */
export async function* encryptSegments(source: ByteSource, size: number, cipher: string): AsyncGenerator<Uint8Array> {
  const { key, iv } = await keyOf(cipher, 'encrypt');
  for await (const plain of pieces(source, size, PLAIN_SEGMENT)) yield new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plain));
}

/** Decrypts stored segments back to the `plainSize` bytes that were uploaded; a wrong Cipher fails on the first segment. */
export async function* decryptSegments(source: ByteSource, storedSize: number, plainSize: number, cipher: string): AsyncGenerator<Uint8Array> {
  const { key, iv } = await keyOf(cipher, 'decrypt');
  let left = plainSize;
  for await (const segment of pieces(source, storedSize, SEGMENT_SIZE)) {
    let plain: Uint8Array;
    try {
      plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, segment));
    } catch {
      throw new DeossError(400, 'the Cipher does not decrypt this file');
    }
    if (left <= 0) return;
    yield plain.subarray(0, Math.min(plain.length, left));
    left -= plain.length;
  }
}
