import { type ByteSource, chunksOf, streamOf, zeroChunks } from '@rangeway/core';
import type { Piece } from './extents';
import type { ObjectStore } from './object-store';

/** The bytes of `pieces`, in order: ranged reads of their objects, zeros for holes; one read at a time. */
export function piecesStream(objects: ObjectStore, pieces: readonly Piece[]): ReadableStream<Uint8Array> {
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for (const p of pieces) {
      const length = p.end - p.start;
      if (p.object === undefined) yield* zeroChunks(length);
      else yield* chunksOf(await objects.get(p.object, { start: p.offset, end: p.offset + length }));
    }
  }
  return streamOf(bytes());
}

/** A Web stream of any byte source (S3 bodies go through fetch, which wants one). */
export const toStream = (source: ByteSource): ReadableStream<Uint8Array> => (source instanceof ReadableStream ? source : streamOf(source));
