import { type ByteSource, type HasherFactory, chunksOf, segmentTreeDigest, toHex, trackedHasher } from '@rangeway/core';

/** CESS segments are 32 MiB; the fid is the SHA-256 segment tree over them (spec §9.3). */
export const SEGMENT_SIZE = 32 * 1024 * 1024;

/** The fid as a digest the engine keeps while chunks arrive, so the last chunk reads nothing back. */
export const FID_DIGEST = segmentTreeDigest('sha256', SEGMENT_SIZE);

/** The fid (64 lowercase hex) of a byte stream, hashed as it streams. */
export async function fidOf(source: ByteSource, factory: HasherFactory): Promise<string> {
  const tree = trackedHasher(factory, FID_DIGEST);
  for await (const chunk of chunksOf(source)) tree.update(chunk);
  return toHex(tree.digest());
}

/** Territory space a file of `size` bytes takes (spec §9.2, including its undercount below 96 MiB). */
export function requiredSpace(size: number): number {
  const copies = 3;
  if (size <= copies * SEGMENT_SIZE) return copies * SEGMENT_SIZE;
  return Math.ceil(size / SEGMENT_SIZE) * SEGMENT_SIZE * copies;
}
