import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX, removeFile, writeFileAtomic } from './durable-file';
import { fsStep, isMissing } from './fs-errors';
import { recordFileName } from './paths';

/**
 * A directory of JSON records, one file per record, each replaced atomically. The whole set is
 * read once at open (state is small next to blob data) and served from memory afterwards.
 */
export class RecordDir<T> {
  constructor(
    readonly dir: string,
    readonly sync: boolean,
    private readonly what: string,
  ) {}

  /**
   * Creates the directory, drops temp files of interrupted writes, and returns every record.
   * Runs once at open, before anything is served: synchronous reads there cost nothing in
   * responsiveness and spare a round through the thread pool per file (10,000 sessions: 1.6 s
   * one awaited read at a time).
   */
  async load(): Promise<T[]> {
    const out: T[] = [];
    for (const name of (await this.list()).names) {
      const read = await this.read(name);
      if (read) out.push(read.record);
    }
    return out;
  }

  /**
   * Creates the directory, drops temp files of interrupted writes, and names the record files
   * (sorted) and the directory's other files.
   */
  async list(): Promise<{ names: string[]; others: Set<string> }> {
    // read first (on the thread pool: an open overlaps it with parsing its start index)
    const listed = await readdir(this.dir).catch(async (e: unknown) => {
      if (!isMissing(e)) throw e;
      await mkdir(this.dir, { recursive: true });
      return [];
    });
    const names: string[] = [];
    const others = new Set<string>();
    for (const name of listed.sort()) {
      if (name.startsWith(TEMP_PREFIX)) await rm(join(this.dir, name), { force: true });
      else if (name.endsWith('.json')) names.push(name);
      else others.add(name);
    }
    return { names, others };
  }

  /** One record file (a name list() gave), with its text length; an unreadable one is set aside and gives undefined. */
  async read(name: string): Promise<{ record: T; length: number } | undefined> {
    const path = join(this.dir, name);
    try {
      const text = readFileSync(path, 'utf8');
      return { record: JSON.parse(text) as T, length: text.length };
    } catch (e) {
      // only reachable after a power loss under a relaxed fsync policy; keep it for inspection
      await rename(path, `${path}.damaged`);
      console.warn(`rangeway fs-store: set aside unreadable ${this.what} record ${name}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Replaces the record atomically; resolves with the length of its text. */
  async write(identity: readonly string[], record: T): Promise<number> {
    const text = JSON.stringify(record);
    await fsStep(`saving ${this.what}`, () => writeFileAtomic(this.pathOf(identity), text, this.sync));
    return text.length;
  }

  async remove(identity: readonly string[]): Promise<void> {
    await fsStep(`removing ${this.what}`, () => removeFile(this.pathOf(identity), this.sync));
  }

  pathOf(identity: readonly string[]): string {
    return join(this.dir, recordFileName(...identity));
  }
}
