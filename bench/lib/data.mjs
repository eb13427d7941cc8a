// The bench file: a 2 MiB random block repeated. Every chunk size used is a multiple of the block,
// so each chunk is a view of one buffer and the client spends no time producing or hashing data.
import { createHash, randomBytes } from 'node:crypto';
import { Adler32, adler32Combine } from '@rangeway/core';

export const BLOCK = 2 * 1024 * 1024;
const block = randomBytes(BLOCK);
const MAX_CHUNK = 64 * 1024 * 1024;
const pattern = Buffer.alloc(MAX_CHUNK);
for (let o = 0; o < MAX_CHUNK; o += BLOCK) block.copy(pattern, o);

/**
 * The file's bytes [offset, offset + length): a view of the repeated block, so chunks of any
 * size (64 KiB ones too) carry the bytes the whole-file checksums were computed over.
 */
export function chunk(offset, length) {
  const at = offset % BLOCK;
  if (at + length > MAX_CHUNK) throw new Error(`chunk of ${length} bytes at ${offset} does not fit the pattern`);
  return pattern.subarray(at, at + length);
}

const memo = new Map();
/** SHA-1 of a chunk (memoised: the same bytes recur every block, so each is hashed once). */
export function sha1Of(offset, length, encoding = 'base64') {
  const key = `${offset % BLOCK}:${length}:${encoding}`;
  if (!memo.has(key)) memo.set(key, createHash('sha1').update(chunk(offset, length)).digest(encoding));
  return memo.get(key);
}

const fileMemo = new Map();
/**
 * Whole-file digests of `size` bytes of the pattern, memoised: run.mjs computes them before any
 * clock starts, so the timed uploads measure the server, not the client hashing 1 GiB.
 */
export function fileDigests(size) {
  if (!fileMemo.has(size)) fileMemo.set(size, computeFileDigests(size));
  return fileMemo.get(size);
}

function computeFileDigests(size) {
  const sha1 = createHash('sha1');
  let adler = 1;
  const a = new Adler32();
  a.update(block);
  const blockAdler = a.value();
  for (let o = 0; o < size; o += BLOCK) {
    const n = Math.min(BLOCK, size - o);
    sha1.update(block.subarray(0, n));
    if (n === BLOCK) adler = adler32Combine(adler, blockAdler, BLOCK);
    else {
      const t = new Adler32();
      t.update(block.subarray(0, n));
      adler = adler32Combine(adler, t.value(), n);
    }
  }
  return { sha1: sha1.digest('base64'), adler32: adler.toString(16) };
}
