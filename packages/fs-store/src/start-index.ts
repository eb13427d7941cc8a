import * as buffer from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type SessionState, type SessionStub, StorageError, type UploadSession, isSessionStub } from '@rangeway/core';
import { removeFile, writeFileAtomic } from './durable-file';
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
 * reads it and removes it, durably, before anything can change. So an index on disk always
 * describes the store exactly as it is; after a crash there is none, and every file is read.
 *
 * The file, ASCII only (read without decoding):
 *
 *     {"format":…,"count":N,"heads":<length of the next line>,"files":<filesFingerprint at close>}
 *     [[snapshotBytes, journalBytes, loggedBytes, id, namespace, key, state, expiresAt, textLength], …]
 *     <each session's JSON, one per line>
 *     {"end":N}
 *
 * A start parses the heads, one line, and leaves each session's JSON where it is until the
 * session is first asked for (IndexedStub). On this VM every step per session counts: 10,000
 * sessions cost ~30 ms per field read from a parsed array of each.
 */
export class StartIndex {
  constructor(
    readonly path: string,
    private readonly sync: boolean,
  ) {}

  /**
   * The sessions a clean close left, with the fingerprint of the session files then; undefined
   * if there is no index, or one that does not read back whole.
   */
  async take(): Promise<{ sessions: IndexedSession[]; files: string } | undefined> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
    await removeFile(this.path, this.sync);
    const entries = parse(bytes);
    if (!entries) console.warn(`rangeway fs-store: ignored an unreadable session index; reading every session file instead`);
    return entries;
  }

  /** Writes the index of `entries`; `files` is filesFingerprint() of the session files they are in. */
  async save(entries: readonly IndexedSession[], files: string): Promise<void> {
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

function parse(bytes: Buffer): { sessions: IndexedSession[]; files: string } | undefined {
  try {
    if (buffer.isAscii && !buffer.isAscii(bytes)) return undefined;
    let at = bytes.indexOf(10) + 1;
    const head = JSON.parse(bytes.toString('latin1', 0, at)) as { format?: unknown; count?: unknown; heads?: unknown; files?: unknown };
    const { count, heads: headsLength, files } = head;
    if (head.format !== FORMAT || !Number.isSafeInteger(count) || !Number.isSafeInteger(headsLength) || typeof files !== 'string') return undefined;
    const heads = JSON.parse(bytes.toString('latin1', at, (at += headsLength as number))) as unknown[][];
    if (!Array.isArray(heads) || heads.length !== count || bytes[at++] !== 10) return undefined;
    const sessions: IndexedSession[] = [];
    // fields by index, not by destructuring: the iterator protocol cost twice as much here
    for (const h of heads) {
      const snapshotBytes = h[0], journalBytes = h[1], loggedBytes = h[2];
      const id = h[3], namespace = h[4], key = h[5], state = h[6], expiresAt = h[7], length = h[8];
      if (!isCount(snapshotBytes) || !isCount(journalBytes) || !isCount(loggedBytes) || !isCount(length)) return undefined;
      if (typeof id !== 'string' || typeof namespace !== 'string' || !(key === null || typeof key === 'string')) return undefined;
      if (!STATES.has(state) || !(expiresAt === null || typeof expiresAt === 'number')) return undefined;
      const end = at + length;
      if (bytes[at] !== 123 || bytes[end - 1] !== 125 || bytes[end] !== 10) return undefined; // {…}\n
      const session = new IndexedStub(id, namespace, key ?? undefined, state as SessionState, expiresAt ?? undefined, bytes, at, end);
      sessions.push({ session, snapshotBytes, journalBytes, loggedBytes });
      at = end + 1;
    }
    return bytes.toString('latin1', at) === `${JSON.stringify({ end: count })}\n` ? { sessions, files } : undefined;
  } catch {
    return undefined;
  }
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

const STATES = new Set<unknown>(['open', 'complete', 'committed', 'aborted', 'expired'] satisfies SessionState[]);

/**
 * A session as the index holds it: the fields the session index looks up by, and where its JSON
 * is in the index's bytes, parsed only when the session is first asked for (10,000 sessions:
 * parsing each whole and freezing it took ~140 ms of the start). The index's bytes stay in
 * memory while any of its stubs does, about 450 bytes a session.
 */
export class IndexedStub implements SessionStub {
  constructor(
    readonly id: string,
    readonly namespace: string,
    readonly key: string | undefined,
    readonly state: SessionState,
    readonly expiresAt: number | undefined,
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** the session's JSON, as a clean close wrote it */
  get text(): string {
    return this.bytes.toString('latin1', this.start, this.end);
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

/** The same JSON with every non-ASCII character escaped (\\uXXXX): a file of ASCII only. */
function asciiJson(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
