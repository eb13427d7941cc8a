import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { UploadSession } from '@rangeway/core';
import type { JournalBytes } from './session-delta';
import type { IndexedStub } from './start-index';

// What SessionJournal keeps about each session's files, what it needs of the blob store, and how
// a journal file is named and opened.

/** What the journal needs of the blob files whose bytes it carries (FsBlobStore). */
export type JournalBlobs = {
  /** writes without fsync: until the blob is synced, the journal entry is what makes them durable */
  writeUnsynced(key: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** makes every byte written to the blob so far durable (a missing blob has nothing to sync) */
  syncBlob(key: string): Promise<void>;
  /** at open: puts replayed bytes back in place and syncs each blob touched */
  restoreSync(writes: readonly JournalBytes[]): void;
};

/** What the journal knows of one session's snapshot and journal. */
export type Files = {
  /** the session as they say now (what a start index written at close holds); unread, as the index held it */
  session: UploadSession | IndexedStub;
  /** length of the snapshot's text */
  snapshotBytes: number;
  /** length of the journal (0: none) */
  journalBytes: number;
  /** blob bytes among them */
  loggedBytes: number;
  /** blobs holding bytes that only the journal makes durable (synced before the journal goes); absent while none */
  unsynced?: Set<string>;
  /** the journal may hold a line that was refused: the next change writes a snapshot instead */
  fold: boolean;
};

export function filesOf(session: UploadSession | IndexedStub, snapshotBytes: number, journalBytes = 0, loggedBytes = 0): Files {
  return { session, snapshotBytes, journalBytes, loggedBytes, fold: false };
}

/** The journal beside a snapshot (a name or a path). */
export function journalName(snapshot: string): string {
  return `${snapshot.slice(0, -'.json'.length)}.log`;
}

/** Whether a file of the sessions directory is a journal (journalName's kind). */
export const isJournalName = (name: string): boolean => name.endsWith('.log');

const DSYNC: number = constants.O_DSYNC ?? 0;
/** Whether openJournal(path, true) gives a handle whose writes are durable when they return. */
export const SYNCED_WRITES = DSYNC !== 0;

/**
 * A journal opened for appending. `durable`: O_DSYNC where the runtime has it, so an append is
 * durable when its write returns: one hand-off to the thread pool per change instead of a write
 * and an fdatasync.
 */
export function openJournal(path: string, durable: boolean): Promise<FileHandle> {
  return open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (durable ? DSYNC : 0), 0o600);
}
