import { AlreadyExistsError, BusyError, NotFoundError } from '../errors';
import type { UploadSession } from '../session/session';
import type { FileCatalog, FileRecord } from './file-catalog';
import type { SessionFilter, SessionStore } from './session-store';

/**
 * Values are stored deep-frozen and handed out as they are: callers can never change stored
 * state through them, and a read costs no copy (sessions with many parts are read often).
 */
function freeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) freeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
const storedCopy = <T>(v: T): T => freeze(structuredClone(v));
const keyOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;

export class MemorySessionStore implements SessionStore {
  private readonly byId = new Map<string, UploadSession>();
  private readonly byKey = new Map<string, string>();

  async get(id: string): Promise<UploadSession | undefined> {
    const s = this.byId.get(id);
    return s;
  }

  async getByKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const id = this.byKey.get(keyOf(namespace, key));
    return id === undefined ? undefined : this.get(id);
  }

  async create(session: UploadSession): Promise<UploadSession> {
    if (this.byId.has(session.id)) throw new AlreadyExistsError(`session ${session.id} exists`);
    if (session.key !== undefined && this.byKey.has(keyOf(session.namespace, session.key)))
      throw new AlreadyExistsError(`an upload for ${session.key} exists`);
    const stored = storedCopy({ ...session, version: 1 });
    this.byId.set(stored.id, stored);
    if (stored.key !== undefined) this.byKey.set(keyOf(stored.namespace, stored.key), stored.id);
    return stored;
  }

  async update(session: UploadSession): Promise<UploadSession> {
    const cur = this.byId.get(session.id);
    if (!cur) throw new NotFoundError(`no session ${session.id}`);
    if (cur.version !== session.version) throw new BusyError(`session ${session.id} changed concurrently`);
    if (session.key !== cur.key) throw new TypeError('a session key cannot change');
    const stored = storedCopy({ ...session, version: cur.version + 1 });
    this.byId.set(stored.id, stored);
    return stored;
  }

  async delete(id: string, version?: number): Promise<boolean> {
    const cur = this.byId.get(id);
    if (!cur) return false;
    if (version !== undefined && cur.version !== version) throw new BusyError(`session ${id} changed concurrently`);
    this.byId.delete(id);
    if (cur.key !== undefined) this.byKey.delete(keyOf(cur.namespace, cur.key));
    return true;
  }

  async *list(filter: SessionFilter = {}): AsyncIterable<UploadSession> {
    for (const s of [...this.byId.values()]) {
      if (filter.namespace !== undefined && s.namespace !== filter.namespace) continue;
      if (filter.states && !filter.states.includes(s.state)) continue;
      yield s;
    }
  }
}

export class MemoryFileCatalog implements FileCatalog {
  private readonly byName = new Map<string, FileRecord>();
  private readonly byId = new Map<string, string>();

  async get(namespace: string, name: string): Promise<FileRecord | undefined> {
    const r = this.byName.get(keyOf(namespace, name));
    return r;
  }

  async getById(id: string): Promise<FileRecord | undefined> {
    const k = this.byId.get(id);
    return k === undefined ? undefined : this.byName.get(k);
  }

  async put(record: FileRecord): Promise<void> {
    const k = keyOf(record.namespace, record.name);
    const old = this.byName.get(k);
    if (old && old.id !== record.id) this.byId.delete(old.id);
    const otherName = this.byId.get(record.id);
    if (otherName !== undefined && otherName !== k) this.byName.delete(otherName);
    this.byName.set(k, storedCopy(record));
    this.byId.set(record.id, k);
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    const k = keyOf(namespace, name);
    const old = this.byName.get(k);
    if (!old) return false;
    this.byName.delete(k);
    this.byId.delete(old.id);
    return true;
  }

  async *list(namespace: string, prefix = ''): AsyncIterable<FileRecord> {
    const out = [...this.byName.values()].filter((r) => r.namespace === namespace && r.name.startsWith(prefix));
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    yield* out;
  }
}
