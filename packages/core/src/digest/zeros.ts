import type { Hasher } from './hasher';

const ZERO_CHUNK = 64 * 1024;
let zeros: Uint8Array | undefined;

/**
 * Feeds `count` zero bytes to `hasher`: made by the hasher itself where it can (updateZeros),
 * else from one shared read-only buffer, never allocating `count` bytes.
 */
export function feedZeros(hasher: Pick<Hasher, 'update' | 'updateZeros'>, count: number): void {
  if (hasher.updateZeros) return hasher.updateZeros(count);
  const z = (zeros ??= new Uint8Array(ZERO_CHUNK));
  for (; count >= ZERO_CHUNK; count -= ZERO_CHUNK) hasher.update(z);
  if (count > 0) hasher.update(z.subarray(0, count));
}
