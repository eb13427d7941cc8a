import { NotFoundError } from '../errors';
import type { Interval } from '../range/interval';
import { chunksOf, streamOf } from '../stream/bytes';
import { assertBlobKey, type BlobStore, type ByteSource } from './blob-store';

const PAGE = 1 << 20;

/** Sparse paged blob: untouched pages cost nothing and read back as zeros. */
class PagedBlob {
  pages = new Map<number, Uint8Array>();
  size = 0;

  write(offset: number, chunk: Uint8Array): void {
    let src = 0;
    while (src < chunk.length) {
      const pos = offset + src;
      const index = Math.floor(pos / PAGE);
      const within = pos - index * PAGE;
      const n = Math.min(PAGE - within, chunk.length - src);
      let page = this.pages.get(index);
      if (!page) this.pages.set(index, (page = new Uint8Array(PAGE)));
      page.set(chunk.subarray(src, src + n), within);
      src += n;
    }
    this.size = Math.max(this.size, offset + chunk.length);
  }

  *read(start: number, end: number): Generator<Uint8Array> {
    let pos = start;
    while (pos < end) {
      const index = Math.floor(pos / PAGE);
      const within = pos - index * PAGE;
      const n = Math.min(PAGE - within, end - pos);
      const page = this.pages.get(index);
      // copy so later writes cannot change bytes already handed to a reader
      yield page ? page.slice(within, within + n) : new Uint8Array(n);
      pos += n;
    }
  }

  truncate(size: number): void {
    for (const index of [...this.pages.keys()]) {
      const base = index * PAGE;
      if (base >= size) this.pages.delete(index);
      else if (base + PAGE > size) this.pages.get(index)!.fill(0, size - base);
    }
    this.size = size;
  }
}

/** In-memory BlobStore for tests, the edge runtime and `--store memory`. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, PagedBlob>();

  async write(key: string, offset: number, source: ByteSource): Promise<number> {
    assertBlobKey(key);
    let blob = this.blobs.get(key);
    if (!blob) this.blobs.set(key, (blob = new PagedBlob()));
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
    if (!blob) this.blobs.set(key, (blob = new PagedBlob()));
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
