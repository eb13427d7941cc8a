import { AlreadyExistsError, BusyError, NotFoundError } from '../errors';
import { type UploadSession, isExpiredAt } from '../session/session';
import type { FileCatalog, FileRecord } from './file-catalog';
import type { SessionChange, SessionFilter, SessionStore } from './session-store';
import { type SessionStub, isSessionStub } from './session-stub';

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
/**
 * The stored form of a value: what is already frozen is stored state (or made to be), shared as
 * it is; the rest is copied and frozen. A change to a session with thousands of parts copies
 * neither its records nor its part list (a frozen SharedPartList; structuredClone copied every
 * record, on every write).
 */
function storedCopy<T>(v: T): T {
  if (!v || typeof v !== 'object' || Object.isFrozen(v)) return v;
  const copy = Array.isArray(v)
    ? v.map(storedCopy)
    : Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, storedCopy(x)]));
  return Object.freeze(copy) as T;
}
/** how long a claimed due session is withheld from other claimDue calls */
const CLAIM_MS = 60_000;
const keyOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;

/**
 * Sessions by id with the (namespace, key) index: the read side of every SessionStore, and the
 * checks its writes make. The memory store publishes right after a check; a durable store
 * persists in between.
 */
export class SessionIndex implements Pick<SessionStore, 'get' | 'getByKey' | 'list' | 'count'> {
  private readonly byId = new Map<string, UploadSession | SessionStub>();
  private readonly byKey = new Map<string, string>();
  private readonly claims = new Map<string, { version: number; until: number }>();

  async get(id: string): Promise<UploadSession | undefined> {
    return this.current(id);
  }

  /** The session `id` as stored, read whole (and kept so) if it was published as a stub. */
  private current(id: string): UploadSession | undefined {
    const cur = this.byId.get(id);
    if (cur === undefined || !isSessionStub(cur)) return cur;
    const read = freeze(cur.read());
    this.byId.set(id, read);
    return read;
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
    return storedCopy({ ...session, version: 1 });
  }

  /** The stored form of an update (version + 1); BusyError on a version clash. */
  checkUpdate(session: UploadSession): UploadSession {
    const cur = this.current(session.id);
    if (!cur) throw new NotFoundError(`no session ${session.id}`);
    if (cur.version !== session.version) throw new BusyError(`session ${session.id} changed concurrently`);
    if (session.key !== cur.key) throw new TypeError('a session key cannot change');
    return storedCopy({ ...session, version: cur.version + 1 });
  }

  /** `change` applied to the current session: its stored form (version + 1) if it changed anything. */
  checkModify(id: string, change: SessionChange): { session: UploadSession; changed: boolean } {
    const cur = this.current(id);
    if (!cur) throw new NotFoundError(`no session ${id}`);
    const next = change(cur);
    if (next === cur) return { session: cur, changed: false };
    if (next.id !== id || next.key !== cur.key) throw new TypeError('a session id or key cannot change');
    return { session: storedCopy({ ...next, version: cur.version + 1 }), changed: true };
  }

  /**
   * Sessions due for expiry, each handed out once until it changes or `claimMs` passes: one
   * process sweeping in steps never visits a session twice while expiring it.
   */
  async claimDue(now: number, limit: number): Promise<readonly UploadSession[]> {
    const out: UploadSession[] = [];
    for (const entry of this.byId.values()) {
      if (out.length >= limit) break;
      if (!isExpiredAt(entry, now)) continue;
      const s = this.current(entry.id)!;
      const claim = this.claims.get(s.id);
      if (claim && claim.version === s.version && claim.until > now) continue;
      this.claims.set(s.id, { version: s.version, until: now + CLAIM_MS });
      out.push(s);
    }
    return out;
  }

  /** Whether `id` exists; BusyError if `version` is given and no longer matches. */
  checkDelete(id: string, version?: number): boolean {
    const cur = this.current(id);
    if (!cur) return false;
    if (version !== undefined && cur.version !== version) throw new BusyError(`session ${id} changed concurrently`);
    return true;
  }

  /** Stores a checked session (as given: the caller made it with a check above, or loaded it). */
  publish(stored: UploadSession): void {
    this.index(freeze(stored));
  }

  /** Stores a session a store can name but has not read yet: read on first use, if ever. */
  publishStub(stub: SessionStub): void {
    this.index(stub);
  }

  private index(entry: UploadSession | SessionStub): void {
    this.byId.set(entry.id, entry);
    if (entry.key !== undefined) this.byKey.set(keyOf(entry.namespace, entry.key), entry.id);
  }

  remove(id: string): void {
    const cur = this.byId.get(id);
    if (!cur) return;
    this.byId.delete(id);
    this.claims.delete(id);
    if (cur.key !== undefined) this.byKey.delete(keyOf(cur.namespace, cur.key));
  }

  async *list(filter: SessionFilter = {}): AsyncIterable<UploadSession> {
    for (const entry of [...this.byId.values()]) {
      if (!matches(entry, filter)) continue;
      const s = isSessionStub(entry) ? this.current(entry.id) : entry;
      if (s) yield s; // (a stub is gone if deleted while the caller held the iteration)
    }
  }

  /** SessionStore.count: no session is read (nor a stub parsed) to be counted. */
  async count(filter: SessionFilter = {}): Promise<number> {
    let n = 0;
    for (const entry of this.byId.values()) if (matches(entry, filter)) n++;
    return n;
  }
}

const matches = (s: UploadSession | SessionStub, filter: SessionFilter) =>
  (filter.namespace === undefined || s.namespace === filter.namespace) && (!filter.states || filter.states.includes(s.state));

/** Committed files by (namespace, name) with the id index: the read side of every FileCatalog. */
export class FileIndex implements Pick<FileCatalog, 'get' | 'getById' | 'list'> {
  private readonly byName = new Map<string, FileRecord>();
  private readonly byId = new Map<string, string>();

  async get(namespace: string, name: string): Promise<FileRecord | undefined> {
    return this.byName.get(keyOf(namespace, name));
  }

  async getById(id: string): Promise<FileRecord | undefined> {
    const k = this.byId.get(id);
    return k === undefined ? undefined : this.byName.get(k);
  }

  async *list(namespace: string, prefix = ''): AsyncIterable<FileRecord> {
    const out = [...this.byName.values()].filter((r) => r.namespace === namespace && r.name.startsWith(prefix));
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    yield* out;
  }

  /** The record holding `id` under a name other than `record`'s: a put moves it to the new name. */
  movedBy(record: FileRecord): FileRecord | undefined {
    const otherName = this.byId.get(record.id);
    return otherName === undefined || otherName === keyOf(record.namespace, record.name) ? undefined : this.byName.get(otherName);
  }

  /** Inserts or replaces a record by name; the same id under another name moves there. */
  publish(record: FileRecord): void {
    const stored = storedCopy(record);
    const k = keyOf(record.namespace, record.name);
    const old = this.byName.get(k);
    if (old && old.id !== record.id) this.byId.delete(old.id);
    const moved = this.movedBy(record);
    if (moved) this.byName.delete(keyOf(moved.namespace, moved.name));
    this.byName.set(k, stored);
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
