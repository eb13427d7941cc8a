import { readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { rm, truncate } from 'node:fs/promises';
import { type UploadSession, isTerminal } from '@rangeway/core';
import { fsyncDir } from './durable-file';
import { fsStep } from './fs-errors';
import { MAX_KEPT_OPEN, OpenHandles } from './open-handles';
import type { RecordDir } from './record-dir';
import { type JournalBytes, deltaBetween, replayJournal } from './session-delta';

/** a journal shorter than this is never folded into a new snapshot */
const MIN_FOLD_BYTES = 64 * 1024;
/** blob bytes a journal carries at most before the next change folds it (see JournalBlobs) */
const MAX_LOGGED_BYTES = 16 * 1024 * 1024;

/** What the journal needs of the blob files whose bytes it carries (FsBlobStore). */
export type JournalBlobs = {
  /** writes without fsync: until the blob is synced, the journal entry is what makes them durable */
  writeUnsynced(key: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** makes every byte written to the blob so far durable (a missing blob has nothing to sync) */
  syncBlob(key: string): Promise<void>;
  /** at open: puts replayed bytes back in place and syncs each blob touched */
  restoreSync(writes: readonly JournalBytes[]): void;
};

type Files = {
  /** length of the snapshot's text */
  snapshotBytes: number;
  /** length of the journal (0: none) */
  journalBytes: number;
  /** blob bytes among them */
  loggedBytes: number;
  /** blobs holding bytes that only the journal makes durable (synced before the journal goes) */
  unsynced: Set<string>;
  /** the journal may hold a line that was refused: the next change writes a snapshot instead */
  fold: boolean;
};

/**
 * Each session on disk as a snapshot (`<hash>.json`, replaced atomically) and a journal beside
 * it (`<hash>.log`): one line per change, appended and fdatasynced, holding only what changed.
 * A write into an upload costs one small append and one fdatasync instead of a rewritten,
 * renamed file and two fsyncs, whatever the number of parts. When the journal outgrows the
 * snapshot, the next change writes a new snapshot and drops the journal (its entries are then
 * older than the snapshot, and skipped if the drop did not happen).
 *
 * A small write can carry its bytes (LoggedWrites): they go to the blob unsynced and, after the
 * line, into the journal, so one fdatasync makes both durable. Replay at open writes them back
 * into the blob. Before anything else changes such a blob (a write that is not logged, a
 * truncate, a rename, a delete) or the journal is dropped, the blob is synced and the journal folded, so a
 * replay never puts old bytes over newer ones.
 */
export class SessionJournal {
  private readonly files = new Map<string, Files>();
  private readonly handles = new OpenHandles(MAX_KEPT_OPEN);
  /** blob key -> the session whose journal carries bytes of it */
  private readonly carriers = new Map<string, string>();

  constructor(
    private readonly records: RecordDir<UploadSession>,
    private readonly blobs: JournalBlobs,
  ) {}

  /** Every session, its journal replayed; a torn last entry (a crash mid-append) is cut off. */
  async load(): Promise<UploadSession[]> {
    const { records, others } = await this.records.loadAll();
    const out: UploadSession[] = [];
    for (const { name, record, length } of records) {
      const log = `${name.slice(0, -'.json'.length)}.log`;
      const files = emptyFiles(length);
      let session = record;
      if (others.delete(log)) {
        const data = readFileSync(this.path(log));
        const writes: JournalBytes[] = [];
        const replayed = replayJournal(record, data, (w) => writes.push(w));
        session = replayed.session;
        if (replayed.goodBytes < data.length) {
          truncateSync(this.path(log), replayed.goodBytes);
          console.warn(`rangeway fs-store: cut an unfinished change off the journal of session ${record.id}`);
        }
        // after a power loss the blob may lack them; after a crashed process this rewrites the same
        // bytes. A session that ended without a commit has its blob deleted: nothing to put back
        if (!isTerminal(session.state)) {
          this.blobs.restoreSync(writes);
          for (const w of writes) this.carry(files, w.blobKey, session.id);
        }
        files.journalBytes = replayed.goodBytes;
        files.loggedBytes = replayed.loggedBytes;
      }
      this.files.set(session.id, files);
      out.push(session);
    }
    // journals whose snapshot is gone: their session was deleted (the snapshot goes first)
    for (const name of others) if (name.endsWith('.log')) await rm(this.path(name), { force: true });
    return out;
  }

  async create(session: UploadSession): Promise<void> {
    const snapshotBytes = await this.records.write([session.id], session);
    this.files.set(session.id, emptyFiles(snapshotBytes));
  }

  /**
   * Makes `next` durable as the successor of `prev` (both stored forms), with `write`'s bytes in
   * its blob when given. A refused change leaves zeros where those bytes went (a hole before).
   */
  async change(prev: UploadSession, next: UploadSession, write?: JournalBytes): Promise<void> {
    const files = this.files.get(next.id) ?? { ...emptyFiles(0), fold: true };
    this.files.set(next.id, files);
    if (write) {
      await this.blobs.writeUnsynced(write.blobKey, write.offset, write.bytes);
      this.carry(files, write.blobKey, next.id);
    }
    try {
      if (files.fold || files.loggedBytes > MAX_LOGGED_BYTES || files.journalBytes - files.loggedBytes > Math.max(MIN_FOLD_BYTES, files.snapshotBytes))
        await this.fold(next, files);
      else await this.append(next, files, deltaBetween(prev, next), write);
    } catch (e) {
      if (write) {
        await this.blobs.writeUnsynced(write.blobKey, write.offset, new Uint8Array(write.bytes.length)).catch(() => undefined);
        if (files.loggedBytes === 0) this.release(files);
      }
      throw e;
    }
  }

  /** The session whose journal carries bytes of blob `key` that are not synced in the blob yet. */
  carrierOf(key: string): string | undefined {
    return this.carriers.get(key);
  }

  /** Syncs the blobs whose bytes the journal of `session` carries, and folds it (if it carries any and goes on). */
  async settle(session: UploadSession): Promise<void> {
    const files = this.files.get(session.id);
    if (!files || files.unsynced.size === 0) return;
    // an upload that ended (aborted, expired) drops its blob, and a replay skips its bytes
    if (isTerminal(session.state)) this.release(files);
    else await this.fold(session, files);
  }

  async remove(id: string): Promise<void> {
    await this.records.remove([id]);
    const files = this.files.get(id);
    if (files) this.release(files);
    this.files.delete(id);
    await this.handles.forget(this.journalOf(id));
    await rm(this.journalOf(id), { force: true }).catch(() => undefined);
  }

  /** Ids of the sessions whose journals carry blob bytes. */
  carrying(): string[] {
    return [...new Set(this.carriers.values())];
  }

  /** Journals open now between changes. */
  get keptOpen(): number {
    return this.handles.size;
  }

  /** Closes the journals kept open. */
  close(): Promise<void> {
    return this.handles.closeAll();
  }

  private async append(next: UploadSession, files: Files, delta: object, write?: JournalBytes): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(write ? { ...delta, w: [write.offset, write.bytes.length] } : delta)}\n`);
    const entry = write ? [line, write.bytes] : [line];
    const length = line.length + (write?.bytes.length ?? 0);
    const path = this.journalOf(next.id);
    const before = files.journalBytes;
    try {
      await fsStep('saving session', async () => {
        await this.handles.use(path, async (fh) => {
          const { bytesWritten } = await fh.writev(entry);
          if (bytesWritten !== length) throw new Error(`the journal took ${bytesWritten} of ${length} bytes`);
          if (this.records.sync) await fh.datasync();
        });
        if (before === 0 && this.records.sync) await fsyncDir(this.records.dir);
      });
      files.journalBytes += length;
      files.loggedBytes += write?.bytes.length ?? 0;
    } catch (e) {
      // the change was refused: take back whatever part of its entry reached the file
      await truncate(path, before).catch(() => (files.fold = true));
      throw e;
    }
  }

  /** A new snapshot, once every blob byte the journal carries is synced; then the journal goes. */
  private async fold(session: UploadSession, files: Files): Promise<void> {
    for (const key of files.unsynced) await this.blobs.syncBlob(key);
    files.snapshotBytes = await this.records.write([session.id], session);
    files.fold = false;
    this.release(files);
    try {
      await this.handles.forget(this.journalOf(session.id));
      await rm(this.journalOf(session.id), { force: true });
      files.journalBytes = 0;
      files.loggedBytes = 0;
    } catch {
      files.fold = true; // left behind, its entries are older than the snapshot: harmless, retried
    }
  }

  private carry(files: Files, key: string, id: string): void {
    files.unsynced.add(key);
    this.carriers.set(key, id);
  }

  private release(files: Files): void {
    for (const key of files.unsynced) this.carriers.delete(key);
    files.unsynced.clear();
  }

  private journalOf(id: string): string {
    return this.records.pathOf([id]).replace(/\.json$/, '.log');
  }

  private path(name: string): string {
    return join(this.records.dir, name);
  }
}

function emptyFiles(snapshotBytes: number): Files {
  return { snapshotBytes, journalBytes: 0, loggedBytes: 0, unsynced: new Set(), fold: false };
}
