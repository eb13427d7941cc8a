import { closeSync, constants, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BlobStore, type ByteSource, type Interval, NotFoundError, chunksOf } from '@rangeway/core';
import { fsyncDir } from './durable-file';
import { fsStep, isMissing, storageFailure } from './fs-errors';
import { blobKeyOf, blobPath } from './paths';
import { MAX_KEPT_OPEN, OpenHandles } from './open-handles';
import { PositionedWriter, writeAll, writeBatch } from './positioned-writer';
import type { JournalBlobs } from './journal-files';
import type { JournalBytes } from './session-delta';

/**
 * Reads start at 64 KiB and double per chunk up to 1 MiB: a short read stays small, and a long
 * one (a download, the whole-file digest catching up behind parallel Box parts) pays the
 * per-chunk round trip to the thread pool 16x less often. Measured on 512 MiB Box uploads with
 * 8 parts in flight: commit 783-1131 ms with 64 KiB reads, 281-556 ms with 1 MiB.
 */
const FIRST_READ = 64 * 1024;
const MAX_READ = 1024 * 1024;

/**
 * Blobs as plain files under `root`, one per key. Writes stream chunks to their offsets with
 * positioned writes (a few hundred KiB in flight at most) and, when `sync`, fsync before
 * resolving, so the engine records a range only once its bytes are on stable storage.
 */
export class FsBlobStore implements BlobStore, JournalBlobs {
  /** upload files written to recently: a small write then costs no open and close */
  private readonly handles = new OpenHandles(MAX_KEPT_OPEN);
  /**
   * Runs before a write, truncate, rename or delete: a session journal that carries bytes of the blob
   * (LoggedWrites) syncs them and folds first, so its replay never puts them over this change.
   */
  settleFirst: (key: string) => Promise<void> = async () => undefined;
  /** blob writes under way: how large each gathers its batches (writeBatch) */
  private writers = 0;

  constructor(
    readonly root: string,
    private readonly sync: boolean,
  ) {}

  async write(key: string, offset: number, source: ByteSource): Promise<number> {
    await this.settleFirst(key);
    return this.withWritable(key, async (fh) => {
      const writer = new PositionedWriter(fh, offset, this.sync, `writing blob ${key}`, () => writeBatch(this.writers));
      this.writers++;
      try {
        // the source's own errors (a client going away) propagate unchanged: only fs steps are mapped
        for await (const chunk of chunksOf(source)) await writer.push(chunk);
        return await writer.finish();
      } finally {
        this.writers--;
        await writer.idle(); // the handle outlives this write: nothing of it may still be running
      }
    });
  }

  localFile(key: string): string {
    return blobPath(this.root, key);
  }

  async writeUnsynced(key: string, offset: number, bytes: Uint8Array): Promise<void> {
    await this.withWritable(key, (fh) => fsStep(`writing blob ${key}`, () => writeAll(fh, [bytes], offset)));
  }

  /**
   * Runs `fn` with the kept-open handle of blob `key`, opened (and created) when there is none.
   * A created file's directory entry is made durable: a journal carrying its bytes is dropped
   * once the file is synced, and a synced file is only as safe as its name.
   */
  private async withWritable<T>(key: string, fn: (fh: FileHandle) => Promise<T>): Promise<T> {
    const path = blobPath(this.root, key);
    let created = false;
    const opener = () =>
      fsStep(`opening blob ${key}`, async () => {
        const r = await this.openForWrite(path);
        created = r.created;
        return r.fh;
      });
    const out = await this.handles.use(path, fn, opener);
    if (created && this.sync) await fsStep(`writing blob ${key}`, () => fsyncDir(dirname(path)));
    return out;
  }

  async syncBlob(key: string): Promise<void> {
    const path = blobPath(this.root, key);
    await fsStep(`syncing blob ${key}`, async () => {
      try {
        await this.handles.use(path, (fh) => fh.datasync(), () => open(path, constants.O_RDWR));
      } catch (e) {
        if (!isMissing(e)) throw e; // gone (deleted since): nothing left to sync
      }
    });
  }

  restoreSync(writes: readonly JournalBytes[]): void {
    const byKey = new Map<string, JournalBytes[]>();
    for (const w of writes) {
      const list = byKey.get(w.blobKey);
      if (list) list.push(w);
      else byKey.set(w.blobKey, [w]);
    }
    for (const [key, list] of byKey) {
      const path = blobPath(this.root, key);
      mkdirSync(dirname(path), { recursive: true });
      const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
      try {
        for (const w of list) for (let done = 0; done < w.bytes.length; ) done += writeSync(fd, w.bytes, done, w.bytes.length - done, w.offset + done);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  /** Upload files open now between writes. */
  get keptOpen(): number {
    return this.handles.size;
  }

  /** Closes the upload files kept open between writes. */
  close(): Promise<void> {
    return this.handles.closeAll();
  }

  async read(key: string, range?: Interval): Promise<ReadableStream<Uint8Array>> {
    const path = blobPath(this.root, key);
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if (isMissing(e)) throw new NotFoundError(`no blob ${key}`);
      throw storageFailure(e, `reading blob ${key}`);
    }
    const size = (await fh.stat()).size;
    let pos = range?.start ?? 0;
    let chunk = FIRST_READ;
    const end = Math.min(range?.end ?? size, size);
    const close = () => fh.close().catch(() => undefined);
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const want = Math.min(chunk, end - pos);
          chunk = Math.min(MAX_READ, chunk * 2);
          const { bytesRead, buffer } = want > 0 ? await fh.read(new Uint8Array(want), 0, want, pos) : { bytesRead: 0, buffer: undefined };
          if (bytesRead === 0 || !buffer) {
            await close();
            controller.close();
            return;
          }
          pos += bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
        } catch (e) {
          await close();
          controller.error(storageFailure(e, `reading blob ${key}`));
        }
      },
      cancel: close,
    });
  }

  async size(key: string): Promise<number | undefined> {
    const path = blobPath(this.root, key);
    try {
      return (await stat(path)).size;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw storageFailure(e, `sizing blob ${key}`);
    }
  }

  async truncate(key: string, size: number): Promise<void> {
    await this.settleFirst(key);
    const path = blobPath(this.root, key);
    await fsStep(`truncating blob ${key}`, async () => {
      const { fh, created } = await this.openForWrite(path);
      try {
        await fh.truncate(size);
        if (this.sync) await fh.sync();
      } finally {
        await fh.close();
      }
      if (created && this.sync) await fsyncDir(dirname(path));
    });
  }

  async rename(from: string, to: string): Promise<void> {
    await this.settleFirst(from);
    await this.settleFirst(to);
    const src = blobPath(this.root, from);
    const dst = blobPath(this.root, to);
    await fsStep(`moving blob ${from}`, async () => {
      await this.handles.forget(src);
      await this.handles.forget(dst);
      await mkdir(dirname(dst), { recursive: true });
      try {
        await rename(src, dst);
      } catch (e) {
        if (isMissing(e)) throw new NotFoundError(`no blob ${from}`);
        throw e;
      }
      if (this.sync) {
        await fsyncDir(dirname(dst));
        if (dirname(src) !== dirname(dst)) await fsyncDir(dirname(src));
      }
    });
  }

  async delete(key: string): Promise<void> {
    await this.settleFirst(key);
    const path = blobPath(this.root, key);
    await fsStep(`deleting blob ${key}`, async () => {
      await this.handles.forget(path);
      await rm(path, { force: true });
      if (this.sync) await fsyncDir(dirname(path)).catch((e: unknown) => (isMissing(e) ? undefined : Promise.reject(e)));
    });
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (isMissing(e)) return;
        throw e;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) keys.push(blobKeyOf(this.root, path));
      }
    };
    await fsStep('listing blobs', () => walk(this.root));
    for (const key of keys.sort()) if (key.startsWith(prefix)) yield key;
  }

  /** Opens for positioned writes, creating the file (and its directory) when missing. */
  private async openForWrite(path: string): Promise<{ fh: FileHandle; created: boolean }> {
    try {
      return { fh: await open(path, constants.O_RDWR), created: false };
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
    await mkdir(dirname(path), { recursive: true });
    return { fh: await open(path, constants.O_RDWR | constants.O_CREAT, 0o600), created: true };
  }
}
