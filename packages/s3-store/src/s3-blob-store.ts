import { type BlobStore, type ByteSource, type Interval, NotFoundError, assertBlobKey, chunksOf } from '@rangeway/core';
import { layout } from './extents';
import type { ObjectStore } from './object-store';
import { piecesStream, toStream } from './pieces-stream';
import type { PgBlobMap } from './pg/blob-map';
import type { Sealer } from './sealer';

export type S3BlobOptions = {
  /** key prefix of every object this store writes (e.g. "rangeway/") */
  readonly prefix: string;
  /** a fresh random name part, so no two writes ever share an object */
  readonly nonce: () => string;
};

/** Writes whose length is not given are cut into objects of at most this many bytes. */
const UNSIZED_CHUNK = 8 * 1024 * 1024;

/**
 * Blobs on S3 with their layout in PostgreSQL. Every write becomes its own immutable staging
 * object (`stg/…`, one PutObject streamed with its exact length), recorded as an extent once
 * stored whole; reads assemble a blob from its extents (newest wins, holes are zeros), so bytes
 * written on one instance read back on any other. A rename (the commit) moves the extents to the
 * file; the sealer then assembles it into one object under `data/` and trashes the staging
 * objects.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly objects: ObjectStore,
    private readonly map: PgBlobMap,
    private readonly sealer: Sealer,
    private readonly options: S3BlobOptions,
  ) {}

  async write(key: string, offset: number, source: ByteSource, length?: number): Promise<number> {
    assertBlobKey(key);
    if (length !== undefined && length > 0) {
      await this.stage(key, offset, toStream(source), length);
      return length;
    }
    // length unknown: bounded buffers, each its own object
    let at = offset;
    let buf: Uint8Array[] = [];
    let held = 0;
    const flush = async () => {
      if (held === 0) return;
      const bytes = concat(buf, held);
      await this.stage(key, at, bytes, held);
      at += held;
      buf = [];
      held = 0;
    };
    for await (const chunk of chunksOf(source)) {
      buf.push(chunk);
      held += chunk.length;
      if (held >= UNSIZED_CHUNK) await flush();
    }
    await flush();
    if (at === offset && (await this.map.size(key)) === undefined) await this.map.truncate(key, offset);
    return at - offset;
  }

  private async stage(key: string, offset: number, body: ReadableStream<Uint8Array> | Uint8Array, length: number): Promise<void> {
    const object = `${this.options.prefix}stg/${key}/${offset}-${offset + length}.${this.options.nonce()}`;
    await this.objects.put(object, body, length);
    await this.map.add(key, offset, offset + length, object);
  }

  async read(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>> {
    assertBlobKey(key);
    const blob = await this.map.extents(key);
    if (!blob) throw new NotFoundError(`no blob ${key}`);
    const start = Math.min(range?.start ?? 0, blob.size);
    const end = Math.max(start, Math.min(range?.end ?? blob.size, blob.size));
    return piecesStream(this.objects, layout(blob.extents, { start, end }));
  }

  async size(key: string): Promise<number | undefined> {
    assertBlobKey(key);
    return this.map.size(key);
  }

  async truncate(key: string, size: number): Promise<void> {
    assertBlobKey(key);
    await this.map.truncate(key, size);
  }

  /**
   * The commit's step: `to` takes over `from`'s extents in one transaction, readable at once; the
   * sealer then makes it one object in the background.
   */
  async rename(from: string, to: string): Promise<void> {
    assertBlobKey(from);
    assertBlobKey(to);
    const blob = await this.map.extents(from);
    if (!blob) throw new NotFoundError(`no blob ${from}`);
    const seal = !this.sealer.isSealed(blob.extents, blob.size);
    if (!(await this.map.rename(from, to, seal))) throw new NotFoundError(`no blob ${from}`);
    if (seal) this.sealer.soon(to);
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.map.delete(key);
  }

  list(prefix: string): AsyncIterable<string> {
    return this.map.list(prefix);
  }
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
