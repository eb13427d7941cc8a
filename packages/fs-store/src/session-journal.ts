import { readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { rm, truncate } from 'node:fs/promises';
import type { UploadSession } from '@rangeway/core';
import { fsyncDir } from './durable-file';
import { fsStep } from './fs-errors';
import { MAX_KEPT_OPEN, OpenHandles } from './open-handles';
import type { RecordDir } from './record-dir';
import { deltaBetween, replayJournal } from './session-delta';

/** a journal shorter than this is never folded into a new snapshot */
const MIN_FOLD_BYTES = 64 * 1024;

type Files = {
  /** length of the snapshot's text */
  snapshotBytes: number;
  /** length of the journal (0: none) */
  journalBytes: number;
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
 */
export class SessionJournal {
  private readonly files = new Map<string, Files>();
  private readonly handles = new OpenHandles(MAX_KEPT_OPEN);

  constructor(private readonly records: RecordDir<UploadSession>) {}

  /** Every session, its journal replayed; a torn last line (a crash mid-append) is cut off. */
  async load(): Promise<UploadSession[]> {
    const { records, others } = await this.records.loadAll();
    const out: UploadSession[] = [];
    for (const { name, record, length } of records) {
      const log = `${name.slice(0, -'.json'.length)}.log`;
      const files: Files = { snapshotBytes: length, journalBytes: 0, fold: false };
      let session = record;
      if (others.delete(log)) {
        const text = readFileSync(this.path(log), 'utf8');
        const replayed = replayJournal(record, text);
        session = replayed.session;
        if (replayed.goodBytes < Buffer.byteLength(text)) {
          truncateSync(this.path(log), replayed.goodBytes);
          console.warn(`rangeway fs-store: cut an unfinished change off the journal of session ${record.id}`);
        }
        files.journalBytes = replayed.goodBytes;
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
    this.files.set(session.id, { snapshotBytes, journalBytes: 0, fold: false });
  }

  /** Makes `next` durable as the successor of `prev` (both stored forms). */
  async change(prev: UploadSession, next: UploadSession): Promise<void> {
    const files = this.files.get(next.id) ?? { snapshotBytes: 0, journalBytes: 0, fold: true };
    this.files.set(next.id, files);
    if (files.fold || files.journalBytes > Math.max(MIN_FOLD_BYTES, files.snapshotBytes)) return this.snapshot(next, files);
    const line = `${JSON.stringify(deltaBetween(prev, next))}\n`;
    const path = this.journalOf(next.id);
    const before = files.journalBytes;
    try {
      await fsStep('saving session', async () => {
        await this.handles.use(path, async (fh) => {
          await fh.write(line);
          if (this.records.sync) await fh.datasync();
        });
        if (before === 0 && this.records.sync) await fsyncDir(this.records.dir);
      });
      files.journalBytes += Buffer.byteLength(line);
    } catch (e) {
      // the change was refused: take back whatever part of its line reached the file
      await truncate(path, before).catch(() => (files.fold = true));
      throw e;
    }
  }

  async remove(id: string): Promise<void> {
    await this.records.remove([id]);
    this.files.delete(id);
    await this.handles.forget(this.journalOf(id));
    await rm(this.journalOf(id), { force: true }).catch(() => undefined);
  }

  /** Journals open now between changes. */
  get keptOpen(): number {
    return this.handles.size;
  }

  /** Closes the journals kept open. */
  close(): Promise<void> {
    return this.handles.closeAll();
  }

  private async snapshot(session: UploadSession, files: Files): Promise<void> {
    files.snapshotBytes = await this.records.write([session.id], session);
    files.fold = false;
    try {
      await this.handles.forget(this.journalOf(session.id));
      await rm(this.journalOf(session.id), { force: true });
      files.journalBytes = 0;
    } catch {
      files.fold = true; // left behind, its entries are older than the snapshot: harmless, retried
    }
  }

  private journalOf(id: string): string {
    return this.records.pathOf([id]).replace(/\.json$/, '.log');
  }

  private path(name: string): string {
    return join(this.records.dir, name);
  }
}
