const ZERO_CHUNK = 64 * 1024;
let zeros: Uint8Array | undefined;

/** Feeds `count` zero bytes to `update` from one shared read-only buffer, never allocating `count` bytes. */
export function feedZeros(update: (chunk: Uint8Array) => void, count: number): void {
  const z = (zeros ??= new Uint8Array(ZERO_CHUNK));
  for (; count >= ZERO_CHUNK; count -= ZERO_CHUNK) update(z);
  if (count > 0) update(z.subarray(0, count));
}
