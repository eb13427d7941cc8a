import { mkdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FileRecord, type Storage, StorageError, type UploadSession } from '@rangeway/core';
import { lockDataDir } from './dir-lock';
import { writeFileAtomic } from './durable-file';
import { FsBlobStore } from './fs-blob-store';
import { FsFileCatalog } from './fs-file-catalog';
import { FsSessionStore } from './fs-session-store';
import { type FsyncPolicy, syncNeeds } from './fsync-policy';
import { RecordDir } from './record-dir';
import { SessionJournal } from './session-journal';

export type FsStorageOptions = {
  /** the data directory; created if missing */
  readonly dir: string;
  /** see FsyncPolicy; default `always` */
  readonly fsync?: FsyncPolicy;
};

export type FsStorage = Storage & {
  /** the resolved data directory */
  readonly dir: string;
  /** files kept open between requests now (at most 2 × MAX_KEPT_OPEN): recent uploads and journals */
  keptOpen(): number;
  close(): Promise<void>;
};

const FORMAT = 1;

/** the largest write recorded with its bytes in the session journal (LoggedWrites): one fdatasync, not two */
export const MAX_LOGGED_WRITE = 256 * 1024;

/**
 * Opens (or creates) a durable store in `dir`:
 *
 *     <dir>/rangeway-store.json   format marker
 *     <dir>/LOCK                  pid of the process that has it open
 *     <dir>/blobs/uploads/<id>    bytes of open uploads, written in place at their offsets
 *     <dir>/blobs/files/<id>      bytes of committed files
 *     <dir>/sessions/<hash>.json  one upload session each, as of its last snapshot
 *     <dir>/sessions/<hash>.log   its changes since, one line each (SessionJournal)
 *     <dir>/sessions/index.jsonl  every session, left by a clean close for a fast start (StartIndex);
 *                                 `.taken` while a store opened from it is open
 *     <dir>/catalog/<hash>.json   one committed file's record each
 *
 * Reopening the same directory after a clean stop or a crash resumes every session.
 */
export async function openFsStorage(options: FsStorageOptions): Promise<FsStorage> {
  const needs = syncNeeds(options.fsync ?? 'always');
  await mkdir(resolve(options.dir), { recursive: true, mode: 0o700 });
  const dir = await realpath(resolve(options.dir));
  await checkFormat(join(dir, 'rangeway-store.json'));
  const unlock = await lockDataDir(join(dir, 'LOCK'));
  try {
    const blobs = new FsBlobStore(join(dir, 'blobs'), needs.blobs);
    await mkdir(blobs.root, { recursive: true });
    const sessions = await FsSessionStore.open(new SessionJournal(new RecordDir<UploadSession>(join(dir, 'sessions'), needs.sessions, 'session'), blobs));
    blobs.settleFirst = (key) => sessions.settle(key);
    const files = await FsFileCatalog.open(new RecordDir<FileRecord>(join(dir, 'catalog'), needs.catalog, 'catalog'));
    let closed = false;
    return {
      dir,
      blobs,
      sessions,
      files,
      // only where a write would otherwise flush twice (its blob, then its session change)
      ...(needs.blobs && needs.sessions && {
        loggedWrites: { maxBytes: MAX_LOGGED_WRITE, modify: (id, change, write) => sessions.modifyLogged(id, change, write) },
      }),
      keptOpen: () => blobs.keptOpen + sessions.keptOpen,
      close: async () => {
        if (closed) return;
        closed = true;
        await sessions.close();
        await blobs.close();
        await unlock();
      },
    };
  } catch (e) {
    await unlock();
    throw e;
  }
}

async function checkFormat(path: string): Promise<void> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    await writeFileAtomic(path, `${JSON.stringify({ format: FORMAT })}\n`, true);
    return;
  }
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  if (format !== FORMAT) throw new StorageError(`${path} is not a Rangeway fs store of format ${FORMAT}`);
}
