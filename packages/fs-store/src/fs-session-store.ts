import { AlreadyExistsError, BusyError, NotFoundError, type SessionFilter, type SessionStore, type UploadSession } from '@rangeway/core';
import { KeyedLock } from './keyed-lock';
import type { RecordDir } from './record-dir';

const copy = <T>(v: T): T => structuredClone(v);
const keyOf = (namespace: string, key: string) => `${namespace}\u0000${key}`;

/**
 * Sessions as one JSON file each, mirrored in memory with the (namespace, key) index. Every change
 * takes the record's lock, checks the version against memory, makes the file durable and only
 * then publishes the new version: a failed disk write changes nothing.
 */
export class FsSessionStore implements SessionStore {
  private readonly byId = new Map<string, UploadSession>();
  private readonly byKey = new Map<string, string>();
  /** ids and keys of creates whose file is being written */
  private readonly pending = new Set<string>();
  private readonly locks = new KeyedLock();

  private constructor(private readonly records: RecordDir<UploadSession>) {}

  static async open(records: RecordDir<UploadSession>): Promise<FsSessionStore> {
    const store = new FsSessionStore(records);
    for (const s of await records.load()) store.publish(s);
    return store;
  }

  async get(id: string): Promise<UploadSession | undefined> {
    const s = this.byId.get(id);
    return s && copy(s);
  }

  async getByKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const id = this.byKey.get(keyOf(namespace, key));
    return id === undefined ? undefined : this.get(id);
  }

  async create(session: UploadSession): Promise<UploadSession> {
    const idSlot = `id\u0000${session.id}`;
    const keySlot = session.key === undefined ? undefined : `key\u0000${keyOf(session.namespace, session.key)}`;
    if (this.byId.has(session.id) || this.pending.has(idSlot)) throw new AlreadyExistsError(`session ${session.id} exists`);
    if (keySlot && (this.byKey.has(keyOf(session.namespace, session.key!)) || this.pending.has(keySlot)))
      throw new AlreadyExistsError(`an upload for ${session.key} exists`);
    this.pending.add(idSlot);
    if (keySlot) this.pending.add(keySlot);
    try {
      const stored = copy({ ...session, version: 1 });
      await this.records.write([stored.id], stored);
      this.publish(stored);
      return copy(stored);
    } finally {
      this.pending.delete(idSlot);
      if (keySlot) this.pending.delete(keySlot);
    }
  }

  async update(session: UploadSession): Promise<UploadSession> {
    return this.locks.run(session.id, async () => {
      const cur = this.byId.get(session.id);
      if (!cur) throw new NotFoundError(`no session ${session.id}`);
      if (cur.version !== session.version) throw new BusyError(`session ${session.id} changed concurrently`);
      if (session.key !== cur.key) throw new TypeError('a session key cannot change');
      const stored = copy({ ...session, version: cur.version + 1 });
      await this.records.write([stored.id], stored);
      this.publish(stored);
      return copy(stored);
    });
  }

  async delete(id: string, version?: number): Promise<boolean> {
    return this.locks.run(id, async () => {
      const cur = this.byId.get(id);
      if (!cur) return false;
      if (version !== undefined && cur.version !== version) throw new BusyError(`session ${id} changed concurrently`);
      await this.records.remove([id]);
      this.byId.delete(id);
      if (cur.key !== undefined) this.byKey.delete(keyOf(cur.namespace, cur.key));
      return true;
    });
  }

  async *list(filter: SessionFilter = {}): AsyncIterable<UploadSession> {
    for (const s of [...this.byId.values()]) {
      if (filter.namespace !== undefined && s.namespace !== filter.namespace) continue;
      if (filter.states && !filter.states.includes(s.state)) continue;
      yield copy(s);
    }
  }

  private publish(s: UploadSession): void {
    this.byId.set(s.id, s);
    if (s.key !== undefined) this.byKey.set(keyOf(s.namespace, s.key), s.id);
  }
}
