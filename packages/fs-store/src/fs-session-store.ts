import { AlreadyExistsError, KeyedLock, SessionIndex, type SessionChange, type SessionStore, type UploadSession } from '@rangeway/core';
import type { RecordDir } from './record-dir';

/**
 * Sessions as one JSON file each, mirrored in memory by the core's SessionIndex (reads are served
 * from it). Every change takes the record's lock, checks against memory, makes the file durable
 * and only then publishes the new version: a failed disk write changes nothing.
 */
export class FsSessionStore extends SessionIndex implements SessionStore {
  /** ids and keys of creates whose file is being written */
  private readonly pending = new Set<string>();
  private readonly locks = new KeyedLock();

  private constructor(private readonly records: RecordDir<UploadSession>) {
    super();
  }

  static async open(records: RecordDir<UploadSession>): Promise<FsSessionStore> {
    const store = new FsSessionStore(records);
    for (const s of await records.load()) store.publish(s);
    return store;
  }

  async create(session: UploadSession): Promise<UploadSession> {
    const stored = this.checkCreate(session);
    // two creates racing for one id or key: the second is refused while the first is writing
    const slots = [`id\u0000${session.id}`, ...(session.key === undefined ? [] : [`key\u0000${session.namespace}\u0000${session.key}`])];
    if (slots.some((s) => this.pending.has(s))) throw new AlreadyExistsError(`session ${session.id} is being created`);
    for (const s of slots) this.pending.add(s);
    try {
      await this.records.write([stored.id], stored);
      this.publish(stored);
      return stored;
    } finally {
      for (const s of slots) this.pending.delete(s);
    }
  }

  async update(session: UploadSession): Promise<UploadSession> {
    return this.locks.run(session.id, async () => {
      const stored = this.checkUpdate(session);
      await this.records.write([stored.id], stored);
      this.publish(stored);
      return stored;
    });
  }

  async modify(id: string, change: SessionChange): Promise<UploadSession> {
    return this.locks.run(id, async () => {
      const stored = this.checkModify(id, change);
      if (stored.changed) {
        await this.records.write([id], stored.session);
        this.publish(stored.session);
      }
      return stored.session;
    });
  }

  async delete(id: string, version?: number): Promise<boolean> {
    return this.locks.run(id, async () => {
      if (!this.checkDelete(id, version)) return false;
      await this.records.remove([id]);
      this.remove(id);
      return true;
    });
  }
}
