import { readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { rm, truncate } from 'node:fs/promises';
import { type SessionStub, StorageError, type UploadSession, isTerminal } from '@rangeway/core';
import { fsyncDir } from './durable-file';
import { fsStep } from './fs-errors';
import { MAX_KEPT_OPEN, OpenHandles } from './open-handles';
import type { RecordDir } from './record-dir';
import { type JournalBytes, deltaBetween, replayJournal } from './session-delta';
import { type Files, type JournalBlobs, SYNCED_WRITES, filesOf, isJournalName, journalName, openJournal } from './journal-files';
import { type IndexedSession, type IndexedStub, MAX_INDEXED, StartIndex, filesFingerprint } from './start-index';

/** a journal shorter than this is never folded into a new snapshot */
const MIN_FOLD_BYTES = 64 * 1024;
/** blob bytes a journal carries at most before the next change folds it (see JournalBlobs) */
const MAX_LOGGED_BYTES = 16 * 1024 * 1024;

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
  /** changes under way: close waits for them, so the start index misses none */
  private readonly busy = new Set<Promise<unknown>>();
  private closed = false;
  private readonly index: StartIndex;

  constructor(
    private readonly records: RecordDir<UploadSession>,
    private readonly blobs: JournalBlobs,
  ) {
    this.index = new StartIndex(join(records.dir, 'index.jsonl'), records.sync);
  }

  /**
   * Every session: from the start index a clean close left when it matches the files (as stubs,
   * read on first use), else each snapshot with its journal replayed (a torn last entry, from a
   * crash mid-append, is cut off).
   */
  async load(): Promise<(UploadSession | SessionStub)[]> {
    const indexing = this.index.take();
    // the directory is read on the thread pool while the index is parsed here
    const listing = this.records.list();
    listing.catch(() => undefined); // awaited below; not unhandled if the parse throws first
    const indexed = indexing ? this.index.read() : undefined;
    const { names, others } = await listing;
    const adopted = indexed && this.adopt(indexed, names, others);
    if (!adopted) await this.index.release(); // nothing will read from it
    const out = adopted ?? (await this.readAll(names, others));
    // journals whose snapshot is gone: their session was deleted (the snapshot goes first)
    for (const name of others) if (isJournalName(name)) await rm(this.path(name), { force: true });
    await this.index.taken(); // its removal durable before anything can change
    return out;
  }

  /**
   * The sessions of a start index, if the session files on disk are exactly those it was written
   * with (names and journal lengths); takes their journals out of `others`.
   */
  private adopt(indexed: { sessions: IndexedSession[]; files: string }, names: readonly string[], others: Set<string>): (UploadSession | IndexedStub)[] | undefined {
    const { sessions } = indexed;
    if (sessions.length !== names.length || indexed.files !== filesFingerprint(this.records.dir, names, others)) return undefined;
    // close wrote no index beside a journal without its session: every journal here has one
    for (const name of others) if (isJournalName(name)) others.delete(name);
    for (const e of sessions) this.files.set(e.session.id, filesOf(e.session, e.snapshotBytes, e.journalBytes, e.loggedBytes));
    return sessions.map((e) => e.session);
  }

  private async readAll(names: readonly string[], others: Set<string>): Promise<UploadSession[]> {
    const out: UploadSession[] = [];
    for (const name of names) {
      const read = await this.records.read(name);
      if (!read) continue;
      const { record, length } = read;
      const log = journalName(name);
      const files = filesOf(record, length);
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
      files.session = session;
      this.files.set(session.id, files);
      out.push(session);
    }
    return out;
  }

  create(session: UploadSession): Promise<void> {
    return this.run(async () => {
      const snapshotBytes = await this.records.write([session.id], session);
      this.files.set(session.id, filesOf(session, snapshotBytes));
    });
  }

  /**
   * Makes `next` durable as the successor of `prev` (both stored forms), with `write`'s bytes in
   * its blob when given. A refused change leaves zeros where those bytes went (a hole before).
   */
  change(prev: UploadSession, next: UploadSession, write?: JournalBytes): Promise<void> {
    return this.run(async () => {
      await this.changeNow(prev, next, write);
      this.files.get(next.id)!.session = next;
    });
  }

  private async changeNow(prev: UploadSession, next: UploadSession, write?: JournalBytes): Promise<void> {
    const files = this.files.get(next.id) ?? { ...filesOf(prev, 0), fold: true };
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
  settle(session: UploadSession): Promise<void> {
    return this.run(async () => {
      const files = this.files.get(session.id);
      if (!files?.unsynced?.size) return;
      // an upload that ended (aborted, expired) drops its blob, and a replay skips its bytes
      if (isTerminal(session.state)) this.release(files);
      else await this.fold(session, files);
    });
  }

  remove(id: string): Promise<void> {
    return this.run(async () => {
      await this.records.remove([id]);
      const files = this.files.get(id);
      if (files) this.release(files);
      this.files.delete(id);
      await this.handles.forget(this.journalOf(id));
      await rm(this.journalOf(id), { force: true }).catch(() => undefined);
    });
  }

  /** Ids of the sessions whose journals carry blob bytes. */
  carrying(): string[] {
    return [...new Set(this.carriers.values())];
  }

  /** Journals open now between changes. */
  get keptOpen(): number {
    return this.handles.size;
  }

  /**
   * Refuses further changes, waits for those under way, closes the journals kept open and
   * writes the start index (best effort: without it the next open reads every file). None is
   * written while a journal carries blob bytes a restart must put back, or may hold a refused line.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.busy);
    await this.handles.closeAll();
    try {
      await this.saveIndex();
    } finally {
      await this.index.release();
    }
  }

  private async saveIndex(): Promise<void> {
    const files = [...this.files.values()];
    if (this.carriers.size > 0 || files.length > MAX_INDEXED || files.some((f) => f.fold)) return;
    try {
      const { names, others } = await this.records.list();
      let journals = 0;
      for (const name of others) if (isJournalName(name)) journals++;
      // a file the sessions do not account for (a journal left by a failed delete): the next open reads them all
      if (names.length !== files.length || journals !== files.filter((f) => f.journalBytes > 0).length) return;
      await this.index.save(files, filesFingerprint(this.records.dir, names, others)); // each Files is an IndexedSession
    } catch (e) {
      console.warn(`rangeway fs-store: no session index written: ${String(e)}`);
    }
  }

  /** Runs a change, unless the journal is closed; close waits for it. */
  private run<T>(change: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError('the session store is closed'));
    const p = change();
    this.busy.add(p);
    p.then(
      () => this.busy.delete(p),
      () => this.busy.delete(p),
    );
    return p;
  }

  private async append(next: UploadSession, files: Files, delta: object, write?: JournalBytes): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(write ? { ...delta, w: [write.offset, write.bytes.length] } : delta)}\n`);
    const entry = write ? [line, write.bytes] : [line];
    const length = line.length + (write?.bytes.length ?? 0);
    const path = this.journalOf(next.id);
    const before = files.journalBytes;
    try {
      await fsStep('saving session', async () => {
        await this.handles.use(
          path,
          async (fh) => {
            const { bytesWritten } = await fh.writev(entry);
            if (bytesWritten !== length) throw new Error(`the journal took ${bytesWritten} of ${length} bytes`);
            if (this.records.sync && !SYNCED_WRITES) await fh.datasync();
          },
          () => openJournal(path, this.records.sync),
        );
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
    for (const key of files.unsynced ?? []) await this.blobs.syncBlob(key);
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
    (files.unsynced ??= new Set()).add(key);
    this.carriers.set(key, id);
  }

  private release(files: Files): void {
    for (const key of files.unsynced ?? []) this.carriers.delete(key);
    files.unsynced = undefined;
  }

  private journalOf(id: string): string {
    return journalName(this.records.pathOf([id]));
  }

  private path(name: string): string {
    return join(this.records.dir, name);
  }
}
