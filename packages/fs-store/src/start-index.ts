import * as buffer from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { UploadSession } from '@rangeway/core';
import { removeFile, writeFileAtomic } from './durable-file';
import { isMissing } from './fs-errors';

const FORMAT = 'rangeway-session-index/1';

/** Beyond this many sessions no index is written: its one string would outgrow what it saves. */
export const MAX_INDEXED = 100_000;

/** A session as a clean close left it, with the lengths its snapshot and journal had then. */
export type IndexedSession = {
  /** its snapshot's file name */
  readonly name: string;
  readonly session: UploadSession;
  readonly snapshotBytes: number;
  readonly journalBytes: number;
  readonly loggedBytes: number;
};

/**
 * Every session in one file, written as the last step of a clean close, so a restart reads one
 * file instead of a snapshot (and a journal) per session. Whoever opens the store takes it:
 * reads it and removes it, durably, before anything can change. So an index on disk always
 * describes the store exactly as it is; after a crash there is none, and every file is read.
 */
export class StartIndex {
  constructor(
    readonly path: string,
    private readonly sync: boolean,
  ) {}

  /** The sessions a clean close left, or undefined (no index, or one that does not read back whole). */
  async take(): Promise<IndexedSession[] | undefined> {
    let data: string;
    try {
      // written as ASCII, so read as latin1: a one-byte string, no decoding (10,000 sessions: 10 ms, not 60)
      const bytes = readFileSync(this.path);
      data = bytes.toString(buffer.isAscii?.(bytes) ? 'latin1' : 'utf8');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
    await removeFile(this.path, this.sync);
    const entries = parse(data);
    if (!entries) console.warn(`rangeway fs-store: ignored an unreadable session index; reading every session file instead`);
    return entries;
  }

  async save(entries: readonly IndexedSession[]): Promise<void> {
    const lines = [JSON.stringify({ format: FORMAT, count: entries.length })];
    for (const e of entries) lines.push(JSON.stringify([e.name, e.snapshotBytes, e.journalBytes, e.loggedBytes, e.session]));
    // the count again at the end: an index cut short (a power loss under a relaxed fsync policy) is refused
    lines.push(JSON.stringify({ end: entries.length }), '');
    await writeFileAtomic(this.path, asciiJson(lines.join('\n')), this.sync);
  }
}

function parse(data: string): IndexedSession[] | undefined {
  try {
    const lines = data.split('\n');
    const head = JSON.parse(lines[0]!) as { format?: unknown; count?: unknown };
    const count = head.count;
    if (head.format !== FORMAT || typeof count !== 'number' || lines.length !== count + 3) return undefined;
    if ((JSON.parse(lines[count + 1]!) as { end?: unknown }).end !== count || lines[count + 2] !== '') return undefined;
    const out: IndexedSession[] = [];
    for (let i = 1; i <= count; i++) {
      const [name, snapshotBytes, journalBytes, loggedBytes, session] = JSON.parse(lines[i]!) as unknown[];
      if (typeof name !== 'string' || ![snapshotBytes, journalBytes, loggedBytes].every(Number.isSafeInteger)) return undefined;
      if (typeof (session as Partial<UploadSession> | undefined)?.id !== 'string') return undefined;
      out.push({ name, session: session as UploadSession, snapshotBytes: snapshotBytes as number, journalBytes: journalBytes as number, loggedBytes: loggedBytes as number });
    }
    return out;
  } catch {
    return undefined;
  }
}

/** The same JSON with every non-ASCII character escaped (\\uXXXX): a file of ASCII only. */
function asciiJson(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
