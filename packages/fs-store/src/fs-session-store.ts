import { AlreadyExistsError, KeyedLock, SessionIndex, type SessionChange, type SessionStore, type UploadSession } from '@rangeway/core';
import type { SessionJournal } from './session-journal';

/**
 * Sessions on disk (a snapshot and a journal of changes each, see SessionJournal), mirrored in
 * memory by the core's SessionIndex (reads are served from it). Every change takes the session's
 * lock, checks against memory, makes the change durable and only then publishes the new version:
 * a failed disk write changes nothing.
 */
export class FsSessionStore extends SessionIndex implements SessionStore {
  /** ids and keys of creates whose file is being written, with the write */
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly locks = new KeyedLock();

  private constructor(private readonly disk: SessionJournal) {
    super();
  }

  static async open(disk: SessionJournal): Promise<FsSessionStore> {
    const store = new FsSessionStore(disk);
    for (const s of await disk.load()) store.publish(s);
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
    const written = this.disk.create(stored);
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
      const prev = await this.get(session.id);
      const stored = this.checkUpdate(session);
      await this.disk.change(prev!, stored);
      this.publish(stored);
      return stored;
    });
  }

  async modify(id: string, change: SessionChange): Promise<UploadSession> {
    return this.locks.run(id, async () => {
      const prev = await this.get(id);
      const stored = this.checkModify(id, change);
      if (stored.changed) {
        await this.disk.change(prev!, stored.session);
        this.publish(stored.session);
      }
      return stored.session;
    });
  }

  /** Journals open now between changes. */
  get keptOpen(): number {
    return this.disk.keptOpen;
  }

  /** Closes the files kept open between changes. */
  close(): Promise<void> {
    return this.disk.close();
  }

  async delete(id: string, version?: number): Promise<boolean> {
    return this.locks.run(id, async () => {
      if (!this.checkDelete(id, version)) return false;
      await this.disk.remove(id);
      this.remove(id);
      return true;
    });
  }
}
