import { createHash } from 'node:crypto';

/** n reproducible bytes: byte i = i mod 251 (the specs' worked examples use this pattern). */
export function pattern(n: number, offset = 0): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i + offset) % 251;
  return out;
}

export const hash = (algorithm: 'sha1' | 'sha256' | 'md5', bytes: Uint8Array, encoding: 'hex' | 'base64' = 'hex') =>
  createHash(algorithm).update(bytes).digest(encoding);

/** [start, end) slices of `bytes` at the given cut points. */
export function cut(bytes: Uint8Array<ArrayBuffer>, ...at: number[]): Array<{ start: number; end: number; body: Uint8Array<ArrayBuffer> }> {
  const edges = [0, ...at, bytes.length];
  return edges.slice(1).map((end, i) => ({ start: edges[i]!, end, body: bytes.subarray(edges[i]!, end) }));
}
