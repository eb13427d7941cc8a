// The bench file: a 2 MiB random block repeated. Every chunk size used is a multiple of the block,
// so each chunk is a view of one buffer and the client spends no time producing or hashing data.
import { createHash, randomBytes } from 'node:crypto';
import { Adler32, adler32Combine } from '@rangeway/core';

export const BLOCK = 2 * 1024 * 1024;
const block = randomBytes(BLOCK);
const MAX_CHUNK = 64 * 1024 * 1024;
const pattern = Buffer.alloc(MAX_CHUNK);
for (let o = 0; o < MAX_CHUNK; o += BLOCK) block.copy(pattern, o);

/** The bytes of a chunk starting at a block boundary. */
export function chunk(length) {
  if (length % BLOCK !== 0 && length > BLOCK) throw new Error(`chunk ${length} is not a whole number of blocks`);
  return pattern.subarray(0, length);
}

const memo = new Map();
/** Digests of a chunk (memoised: identical chunks are hashed once). */
export function sha1Of(length, encoding = 'base64') {
  const key = `${length}:${encoding}`;
  if (!memo.has(key)) memo.set(key, createHash('sha1').update(chunk(length)).digest(encoding));
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
