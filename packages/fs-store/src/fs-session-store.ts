import { AlreadyExistsError, KeyedLock, SessionIndex, type SessionChange, type SessionStore, type UploadSession } from '@rangeway/core';
import type { RecordDir } from './record-dir';

/**
 * Sessions as one JSON file each, mirrored in memory by the core's SessionIndex (reads are served
 * from it). Every change takes the record's lock, checks against memory, makes the file durable
 * and only then publishes the new version: a failed disk write changes nothing.
 */
export class FsSessionStore extends SessionIndex implements SessionStore {
  /** ids and keys of creates whose file is being written, with the write */
  private readonly pending = new Map<string, Promise<unknown>>();
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
    // two creates racing for one id or key: the second is refused once the first is visible,
    // so a caller that then looks the session up finds the winner
    const slots = [`id\u0000${session.id}`, ...(session.key === undefined ? [] : [`key\u0000${session.namespace}\u0000${session.key}`])];
    const racing = slots.map((s) => this.pending.get(s)).find((p) => p !== undefined);
    if (racing) {
      await racing.catch(() => undefined);
      throw new AlreadyExistsError(`session ${session.id} was created concurrently`);
    }
    const written = this.records.write([stored.id], stored);
    for (const s of slots) this.pending.set(s, written);
    try {
      await written;
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
