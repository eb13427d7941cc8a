import { AlreadyExistsError, BusyError, NotFoundError } from '../errors';
import type { UploadSession } from '../session/session';
import type { FileCatalog, FileRecord } from './file-catalog';
import type { SessionFilter, SessionStore } from './session-store';

/** Values are deep-copied in and out so callers can never mutate stored state by accident. */
const copy = <T>(v: T): T => structuredClone(v);
const keyOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;

/**
 * Sessions by id with the (namespace, key) index: the read side of every SessionStore, and the
 * checks its writes make. The memory store publishes right after a check; a durable store
 * persists in between.
 */
export class SessionIndex implements Pick<SessionStore, 'get' | 'getByKey' | 'list'> {
  private readonly byId = new Map<string, UploadSession>();
  private readonly byKey = new Map<string, string>();

  async get(id: string): Promise<UploadSession | undefined> {
    const s = this.byId.get(id);
    return s && copy(s);
  }

  async getByKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const id = this.byKey.get(keyOf(namespace, key));
    return id === undefined ? undefined : this.get(id);
  }

  /** The stored form of a new session (version 1); AlreadyExistsError if its id or key is taken. */
  checkCreate(session: UploadSession): UploadSession {
    if (this.byId.has(session.id)) throw new AlreadyExistsError(`session ${session.id} exists`);
    if (session.key !== undefined && this.byKey.has(keyOf(session.namespace, session.key)))
      throw new AlreadyExistsError(`an upload for ${session.key} exists`);
    return copy({ ...session, version: 1 });
  }

  /** The stored form of an update (version + 1); BusyError on a version clash. */
  checkUpdate(session: UploadSession): UploadSession {
    const cur = this.byId.get(session.id);
    if (!cur) throw new NotFoundError(`no session ${session.id}`);
    if (cur.version !== session.version) throw new BusyError(`session ${session.id} changed concurrently`);
    if (session.key !== cur.key) throw new TypeError('a session key cannot change');
    return copy({ ...session, version: cur.version + 1 });
  }

  /** Whether `id` exists; BusyError if `version` is given and no longer matches. */
  checkDelete(id: string, version?: number): boolean {
    const cur = this.byId.get(id);
    if (!cur) return false;
    if (version !== undefined && cur.version !== version) throw new BusyError(`session ${id} changed concurrently`);
    return true;
  }

  /** Stores a checked session (as given: the caller made it with a check above). */
  publish(stored: UploadSession): void {
    this.byId.set(stored.id, stored);
    if (stored.key !== undefined) this.byKey.set(keyOf(stored.namespace, stored.key), stored.id);
  }

  remove(id: string): void {
    const cur = this.byId.get(id);
    if (!cur) return;
    this.byId.delete(id);
    if (cur.key !== undefined) this.byKey.delete(keyOf(cur.namespace, cur.key));
  }

  async *list(filter: SessionFilter = {}): AsyncIterable<UploadSession> {
    for (const s of [...this.byId.values()]) {
      if (filter.namespace !== undefined && s.namespace !== filter.namespace) continue;
      if (filter.states && !filter.states.includes(s.state)) continue;
      yield copy(s);
    }
  }
}

/** Committed files by (namespace, name) with the id index: the read side of every FileCatalog. */
export class FileIndex implements Pick<FileCatalog, 'get' | 'getById' | 'list'> {
  private readonly byName = new Map<string, FileRecord>();
  private readonly byId = new Map<string, string>();

  async get(namespace: string, name: string): Promise<FileRecord | undefined> {
    const r = this.byName.get(keyOf(namespace, name));
    return r && copy(r);
  }

  async getById(id: string): Promise<FileRecord | undefined> {
    const k = this.byId.get(id);
    return k === undefined ? undefined : copy(this.byName.get(k));
  }

  async *list(namespace: string, prefix = ''): AsyncIterable<FileRecord> {
    const out = [...this.byName.values()].filter((r) => r.namespace === namespace && r.name.startsWith(prefix));
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const r of out) yield copy(r);
  }

  /** The stored form of a put; AlreadyExistsError if another name holds its id. */
  checkPut(record: FileRecord): FileRecord {
    const otherName = this.byId.get(record.id);
    if (otherName !== undefined && otherName !== keyOf(record.namespace, record.name))
      throw new AlreadyExistsError(`file id ${record.id} is taken`);
    return copy(record);
  }

  /** Inserts or replaces a checked record by name, keeping the id index in step. */
  publish(record: FileRecord): void {
    const k = keyOf(record.namespace, record.name);
    const old = this.byName.get(k);
    if (old && old.id !== record.id) this.byId.delete(old.id);
    this.byName.set(k, record);
    this.byId.set(record.id, k);
  }

  has(namespace: string, name: string): boolean {
    return this.byName.has(keyOf(namespace, name));
  }

  remove(namespace: string, name: string): void {
    const k = keyOf(namespace, name);
    const old = this.byName.get(k);
    if (!old) return;
    this.byName.delete(k);
    this.byId.delete(old.id);
  }
}
