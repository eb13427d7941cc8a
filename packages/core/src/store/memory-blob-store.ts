import { NotFoundError } from '../errors';
import type { Interval } from '../range/interval';
import { chunksOf, streamOf, zeroPieces } from '../stream/bytes';
import { assertBlobKey, type BlobStore, type ByteSource } from './blob-store';

/** Holes are read back as fresh zero-filled arrays of at most this size. */
const ZERO_PIECE = 1 << 20;
/** A chunk smaller than this that is a view of a buffer 4x its size is copied, so it does not pin the buffer. */
const SMALL_VIEW = 16 * 1024;

type Extent = { readonly start: number; readonly bytes: Uint8Array };

/**
 * A blob as the chunks written to it, kept as they came (as the ByteSource contract allows: see
 * zeroChunks) and never changed: a write over stored bytes cuts views of the older chunks around
 * it. Copying every chunk into pages cost more than the upload itself on a VM where first touches
 * of fresh memory fault (4 ms per MiB). Holes read as zeros.
 */
class ExtentBlob {
  /** sorted by start, never overlapping */
  private extents: Extent[] = [];
  size = 0;

  write(offset: number, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const bytes = chunk.length < SMALL_VIEW && chunk.buffer.byteLength > 4 * chunk.length ? chunk.slice() : chunk;
    const end = offset + bytes.length;
    const ex = this.extents;
    const last = ex[ex.length - 1];
    if (!last || last.start + last.bytes.length <= offset) ex.push({ start: offset, bytes });
    else {
      const [i, j] = this.overlapping(offset, end);
      const kept: Extent[] = [];
      const first = ex[i];
      if (j > i && first!.start < offset) kept.push({ start: first!.start, bytes: first!.bytes.subarray(0, offset - first!.start) });
      kept.push({ start: offset, bytes });
      const over = ex[j - 1];
      if (j > i && over!.start + over!.bytes.length > end) kept.push({ start: end, bytes: over!.bytes.subarray(end - over!.start) });
      ex.splice(i, j - i, ...kept);
    }
    this.size = Math.max(this.size, end);
  }

  /** The bytes of [start, end) as they are now (later writes do not change what this yields). */
  read(start: number, end: number): Generator<Uint8Array> {
    const [from, to] = this.overlapping(start, end);
    return piecesOf(this.extents.slice(from, to), start, end);
  }

  truncate(size: number): void {
    const ex = this.extents;
    while (ex.length > 0 && ex[ex.length - 1]!.start >= size) ex.pop();
    const last = ex[ex.length - 1];
    if (last && last.start + last.bytes.length > size) ex[ex.length - 1] = { start: last.start, bytes: last.bytes.subarray(0, size - last.start) };
    this.size = size;
  }

  /** [first, last + 1) of the extents that overlap [start, end). */
  private overlapping(start: number, end: number): [number, number] {
    const ex = this.extents;
    const from = this.firstEndingAfter(start);
    let to = from;
    while (to < ex.length && ex[to]!.start < end) to++;
    return [from, to];
  }

  /** Index of the first extent that ends after `offset` (binary search). */
  private firstEndingAfter(offset: number): number {
    const ex = this.extents;
    let lo = 0;
    let hi = ex.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ex[mid]!.start + ex[mid]!.bytes.length > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** [start, end) of a run of extents, holes as zeros. */
function* piecesOf(extents: readonly Extent[], start: number, end: number): Generator<Uint8Array> {
  let pos = start;
  for (const e of extents) {
    if (e.start > pos) yield* zeroPieces(Math.min(e.start, end) - pos, ZERO_PIECE);
    pos = Math.max(pos, e.start);
    const stop = Math.min(e.start + e.bytes.length, end);
    if (stop > pos) yield e.bytes.subarray(pos - e.start, stop - e.start);
    pos = Math.max(pos, stop);
  }
  if (end > pos) yield* zeroPieces(end - pos, ZERO_PIECE);
}

/** In-memory BlobStore for tests, the edge runtime and `--store memory`. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, ExtentBlob>();

  async write(key: string, offset: number, source: ByteSource): Promise<number> {
    assertBlobKey(key);
    let blob = this.blobs.get(key);
    if (!blob) this.blobs.set(key, (blob = new ExtentBlob()));
    let n = 0;
    for await (const chunk of chunksOf(source)) {
      blob.write(offset + n, chunk);
      n += chunk.length;
    }
    if (n === 0) blob.size = Math.max(blob.size, offset);
    return n;
  }

  async read(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>> {
    const blob = this.blobs.get(key);
    if (!blob) throw new NotFoundError(`no blob ${key}`);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? blob.size, blob.size);
    const gen = blob.read(start, Math.max(start, end));
    return streamOf(
      (async function* () {
        yield* gen;
      })(),
    );
  }

  async size(key: string): Promise<number | undefined> {
    return this.blobs.get(key)?.size;
  }

  async truncate(key: string, size: number): Promise<void> {
    assertBlobKey(key);
    let blob = this.blobs.get(key);
    if (!blob) this.blobs.set(key, (blob = new ExtentBlob()));
    blob.truncate(size);
  }

  async rename(from: string, to: string): Promise<void> {
    assertBlobKey(to);
    const blob = this.blobs.get(from);
    if (!blob) throw new NotFoundError(`no blob ${from}`);
    this.blobs.set(to, blob);
    this.blobs.delete(from);
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async *list(prefix: string): AsyncIterable<string> {
    for (const key of [...this.blobs.keys()].sort()) if (key.startsWith(prefix)) yield key;
  }
}
