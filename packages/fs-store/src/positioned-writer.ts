import type { FileHandle } from 'node:fs/promises';
import { fsStep } from './fs-errors';

/**
 * Bytes gathered from small body chunks before one positioned write (memory stays bounded), by
 * the number of blob writes under way. Each write is a hand-off to the thread pool, ~50-100 µs
 * of the main thread on this VM: alone, 1 MiB took ClickHelp without fsync from 408 to 501-513
 * MB/s against 256 KiB (2 MiB: 366). With 32 uploads at once the pool is busy anyway, and 1 MiB
 * batches lengthened the event loop's turns (lag p99 32-39 → 41-61 ms): there, 256 KiB.
 */
export function writeBatch(writers: number): number {
  return writers <= 4 ? 1024 * 1024 : 256 * 1024;
}
/** Unsynced bytes after which a background fdatasync starts (see `push`). */
const EARLY_SYNC = 2 * 1024 * 1024;

/**
 * Streams chunks into a file from `offset` on with positioned writes.
 *
 * One batch is written on the thread pool while the next is read (and hashed) on the main thread:
 * at most two batches are held, so memory stays at ~2 × writeBatch() whatever the body size.
 * With `sync`, a background fdatasync starts every EARLY_SYNC bytes, so the disk writes while the
 * body is still arriving and the fdatasync that ends the write has only the tail left to flush.
 * A failed write or sync is kept (never an unhandled rejection) and thrown at the next call.
 */
export class PositionedWriter {
  private batch: Uint8Array[] = [];
  private batched = 0;
  private written = 0;
  private syncedTo = 0;
  private writing: Promise<void> | undefined;
  private syncing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly fh: FileHandle,
    private readonly offset: number,
    private readonly sync: boolean,
    /** names the blob in error messages */
    private readonly what: string,
    /** bytes to gather before a write, asked at each chunk (writeBatch) */
    private readonly batchBytes: () => number,
  ) {}

  async push(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.batch.push(chunk);
    this.batched += chunk.length;
    if (this.batched >= this.batchBytes()) await this.flush();
  }

  /** Writes the rest, makes it durable (with `sync`) and resolves with the bytes written. */
  async finish(): Promise<number> {
    if (this.batched > 0) await this.flush();
    await this.settle();
    await this.syncing;
    this.throwFailure();
    await fsStep(this.what, async () => {
      if (this.written === 0 && (await this.fh.stat()).size < this.offset) await this.fh.truncate(this.offset);
      // fdatasync: the bytes and the size needed to read them back; mtime is not worth a journal commit
      if (this.sync) await this.fh.datasync();
    });
    return this.written;
  }

  /** Waits for anything still running on the handle (call before closing it, even after a failure). */
  async idle(): Promise<void> {
    await this.writing;
    await this.syncing;
  }

  private async flush(): Promise<void> {
    await this.settle();
    const chunks = this.batch;
    const at = this.offset + this.written;
    this.written += this.batched;
    this.batch = [];
    this.batched = 0;
    this.writing = this.keep(fsStep(this.what, () => writeAll(this.fh, chunks, at)));
    if (this.sync && !this.syncing && this.written - this.syncedTo >= EARLY_SYNC) {
      const upTo = this.written;
      // started after the write it should cover; concurrent with the next ones
      this.syncing = this.keep(this.writing.then(() => fsStep(this.what, () => this.fh.datasync()))).then(() => {
        this.syncedTo = upTo;
        this.syncing = undefined;
      });
    }
  }

  private async settle(): Promise<void> {
    await this.writing;
    this.throwFailure();
  }

  private keep(p: Promise<void>): Promise<void> {
    return p.catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** Writes every byte of `chunks` at `position` (writev may write fewer bytes than asked). */
export async function writeAll(fh: FileHandle, chunks: Uint8Array[], position: number): Promise<void> {
  let rest = chunks;
  let pos = position;
  while (rest.length > 0) {
    const { bytesWritten } = await fh.writev(rest, pos);
    pos += bytesWritten;
    let skip = bytesWritten;
    const next: Uint8Array[] = [];
    for (const c of rest) {
      if (skip >= c.length) skip -= c.length;
      else {
        next.push(skip > 0 ? c.subarray(skip) : c);
        skip = 0;
      }
    }
    rest = next;
  }
}
