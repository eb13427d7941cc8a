import * as buffer from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type SessionState, type SessionStub, StorageError, type UploadSession, isSessionStub } from '@rangeway/core';
import { fsyncDir, removeFile, writeFileAtomic } from './durable-file';
import { isMissing } from './fs-errors';
import { isJournalName } from './journal-files';

const FORMAT = 'rangeway-session-index/2';

/** Beyond this many sessions no index is written: its one string would outgrow what it saves. */
export const MAX_INDEXED = 100_000;

/** A session as a clean close left it, with the lengths its snapshot and journal had then. */
export type IndexedSession = {
  /** read whole, or as the index holds it (a clean close writes an unread one back as it came) */
  readonly session: UploadSession | IndexedStub;
  readonly snapshotBytes: number;
  readonly journalBytes: number;
  readonly loggedBytes: number;
};

/**
 * Every session in one file, written as the last step of a clean close, so a restart reads one
 * file instead of a snapshot (and a journal) per session. Whoever opens the store takes it:
 * renames it aside, durably, before anything can change, and removes it at close. So an index
 * under its own name always describes the store exactly as it is; after a crash there is none,
 * and every file is read.
 *
 * The file, ASCII only (read without decoding):
 *
 *     {"format":…,"count":N,"heads":<length of the next line>,"files":<filesFingerprint at close>}
 *     [[snapshotBytes, journalBytes, loggedBytes, id, namespace, key, state, expiresAt, textLength], …]
 *     <each session's JSON, one per line>
 *     {"end":N}
 *
 * A start reads and parses the header and the heads, and leaves each session's JSON in the file
 * until the session is first asked for (IndexedStub). On this VM every step per session counts:
 * 10,000 sessions cost ~30 ms per field read from a parsed array of each.
 */
export class StartIndex {
  /** the index this store was opened from, renamed aside: unread sessions are read from it */
  private file?: TakenIndex;
  /** the rename aside, made durable while the open goes on */
  private renamed: Promise<void> = Promise.resolve();

  /** where take() renames the index while a store opened from it is open */
  private readonly aside: string;

  constructor(
    readonly path: string,
    private readonly sync: boolean,
  ) {
    this.aside = `${path}.taken`;
  }

  /**
   * Renames the index aside, if there is one: it is kept open until release(), and taken()
   * resolves once the rename is durable. Synchronous and quick, so that a directory listing
   * (which holds the directory against a rename) can start right after it.
   */
  take(): boolean {
    rmSync(this.aside, { force: true }); // left by a process that did not close: describes nothing now
    try {
      renameSync(this.path, this.aside);
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
    if (this.sync) {
      this.renamed = fsyncDir(dirname(this.path));
      this.renamed.catch(() => undefined); // awaited by taken(); not unhandled if the open fails first
    }
    this.file = new TakenIndex(this.aside);
    return true;
  }

  /**
   * The sessions of the index take() renamed aside, with the fingerprint of the session files
   * then; undefined if it does not read back whole.
   */
  read(): { sessions: IndexedSession[]; files: string } | undefined {
    const entries = this.file && parse(this.file);
    if (!entries) console.warn(`rangeway fs-store: ignored an unreadable session index; reading every session file instead`);
    return entries;
  }

  /** Resolves once the index take() renamed aside is durably gone from its own name. */
  taken(): Promise<void> {
    return this.renamed;
  }

  /** Writes the index of `entries`; `files` is filesFingerprint() of the session files they are in. */
  async save(entries: readonly IndexedSession[], files: string): Promise<void> {
    this.file?.readWhole(); // one read for every session still unread, not one each
    const texts = entries.map((e) => asciiJson(isSessionStub(e.session) ? e.session.text : JSON.stringify(e.session)));
    const heads = asciiJson(
      JSON.stringify(
        entries.map(({ snapshotBytes, journalBytes, loggedBytes, session: s }, i) => {
          return [snapshotBytes, journalBytes, loggedBytes, s.id, s.namespace, s.key ?? null, s.state, s.expiresAt ?? null, texts[i]!.length];
        }),
      ),
    );
    const head = JSON.stringify({ format: FORMAT, count: entries.length, heads: heads.length, files });
    // the count again at the end: an index cut short (a power loss under a relaxed fsync policy) is refused
    await writeFileAtomic(this.path, [head, heads, ...texts, JSON.stringify({ end: entries.length }), ''].join('\n'), this.sync);
  }

  /** Closes and removes the index taken at open; its unread sessions can no longer be read. */
  async release(): Promise<void> {
    if (!this.file) return;
    this.file.close();
    this.file = undefined;
    await removeFile(this.aside, false); // a crash before this: the next take() removes it
  }
}

/**
 * What an index must find on disk to be used: every snapshot's name and every journal's name and
 * length, hashed. Two listings with the same fingerprint hold the same files, journals as long.
 */
export function filesFingerprint(dir: string, snapshots: readonly string[], others: Iterable<string>): string {
  const journals: string[] = [];
  for (const name of others) if (isJournalName(name)) journals.push(`${name} ${statSync(join(dir, name)).size}`);
  return createHash('sha256').update(snapshots.join('\n')).update('\n\n').update(journals.sort().join('\n')).digest('hex');
}

function parse(file: TakenIndex): { sessions: IndexedSession[]; files: string } | undefined {
  try {
    const first = file.bytes(0, Math.min(file.size, 4096));
    let at = first.indexOf(10) + 1;
    if (at === 0 || !isAscii(first.subarray(0, at))) return undefined;
    const head = JSON.parse(first.toString('latin1', 0, at)) as { format?: unknown; count?: unknown; heads?: unknown; files?: unknown };
    const { count, heads: headsLength, files } = head;
    if (head.format !== FORMAT || !Number.isSafeInteger(count) || !isCount(headsLength) || typeof files !== 'string') return undefined;
    const line = file.bytes(at, (at += headsLength as number) + 1);
    if (line.length !== (headsLength as number) + 1 || line[headsLength as number] !== 10 || !isAscii(line)) return undefined;
    const heads = JSON.parse(line.toString('latin1', 0, headsLength as number)) as unknown[][];
    if (!Array.isArray(heads) || heads.length !== count) return undefined;
    at++;
    const sessions: IndexedSession[] = [];
    // fields by index, not by destructuring: the iterator protocol cost twice as much here
    for (const h of heads) {
      const snapshotBytes = h[0], journalBytes = h[1], loggedBytes = h[2];
      const id = h[3], namespace = h[4], key = h[5], state = h[6], expiresAt = h[7], length = h[8];
      if (!isCount(snapshotBytes) || !isCount(journalBytes) || !isCount(loggedBytes) || !isCount(length) || length < 2) return undefined;
      if (typeof id !== 'string' || typeof namespace !== 'string' || !(key === null || typeof key === 'string')) return undefined;
      if (!STATES.has(state) || !(expiresAt === null || typeof expiresAt === 'number')) return undefined;
      const session = new IndexedStub(id, namespace, key ?? undefined, state as SessionState, expiresAt ?? undefined, file, at, at + length);
      sessions.push({ session, snapshotBytes, journalBytes, loggedBytes });
      at += length + 1;
    }
    // the sessions' lengths must account for every byte up to the end line, which repeats the count
    const end = `${JSON.stringify({ end: count })}\n`;
    return file.size === at + end.length && file.bytes(at, file.size).toString('latin1') === end ? { sessions, files } : undefined;
  } catch {
    return undefined;
  }
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

const STATES = new Set<unknown>(['open', 'complete', 'committed', 'aborted', 'expired'] satisfies SessionState[]);

/**
 * A session as the index holds it: the fields the session index looks up by, and where its JSON
 * is in the taken index file, read and parsed only when the session is first asked for (10,000
 * sessions: parsing each whole and freezing it took ~140 ms of the start; reading all their text
 * at open, ~40 ms more).
 */
export class IndexedStub implements SessionStub {
  constructor(
    readonly id: string,
    readonly namespace: string,
    readonly key: string | undefined,
    readonly state: SessionState,
    readonly expiresAt: number | undefined,
    private readonly file: TakenIndex,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** the session's JSON, as a clean close wrote it */
  get text(): string {
    const bytes = this.file.bytes(this.start, this.end);
    if (bytes.length !== this.end - this.start || !isAscii(bytes)) throw new StorageError(`session ${this.id} does not read back from the start index`);
    return bytes.toString('latin1');
  }

  read(): UploadSession {
    let session: UploadSession;
    try {
      session = JSON.parse(this.text) as UploadSession;
    } catch (e) {
      throw new StorageError(`session ${this.id} does not read back from the start index: ${(e as Error).message}`);
    }
    if (session?.id !== this.id) throw new StorageError(`the start index holds another session under ${this.id}`);
    return session;
  }
}

/**
 * The index file a start took, open for reading: positioned reads of what is asked for, so the
 * sessions' text (~450 bytes each) is not read, nor held in memory, until a session is used.
 */
class TakenIndex {
  private fd: number | undefined;
  readonly size: number;
  private whole?: Buffer;

  constructor(path: string) {
    const fd = openSync(path, 'r');
    this.fd = fd;
    this.size = fstatSync(fd).size;
  }

  /** bytes [start, end), fewer only past the end of the file */
  bytes(start: number, end: number): Buffer {
    if (this.whole) return this.whole.subarray(start, end);
    // closed with the store: its number may name another file by now
    if (this.fd === undefined) throw new StorageError('the session store is closed');
    const out = Buffer.allocUnsafe(Math.max(0, Math.min(end, this.size) - start));
    let n = 0;
    while (n < out.length) {
      const got = readSync(this.fd, out, n, out.length - n, start + n);
      if (got === 0) break;
      n += got;
    }
    return out.subarray(0, n);
  }

  /** reads the rest at once, for a close that writes every unread session back */
  readWhole(): void {
    this.whole ??= this.bytes(0, this.size);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.whole = undefined;
  }
}

/** ASCII only, so latin1 decodes it as UTF-8 would; runtimes without buffer.isAscii check by a scan. */
function isAscii(bytes: Buffer): boolean {
  if (buffer.isAscii) return buffer.isAscii(bytes);
  for (const b of bytes) if (b > 127) return false;
  return true;
}

/** The same JSON with every non-ASCII character escaped (\\uXXXX): a file of ASCII only. */
function asciiJson(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
