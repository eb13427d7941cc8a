import { AlreadyExistsError, KeyedLock, type LoggedBytes, SessionIndex, type SessionChange, type SessionStore, type UploadSession, isSessionStub } from '@rangeway/core';
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
    for (const s of await disk.load()) {
      if (isSessionStub(s)) store.publishStub(s);
      else store.publish(s);
    }
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
    return this.modifyWith(id, change);
  }

  /** LoggedWrites.modify: the change and `write`'s bytes in one journal entry (one fdatasync). */
  modifyLogged(id: string, change: SessionChange, write: LoggedBytes): Promise<UploadSession> {
    return this.modifyWith(id, change, write);
  }

  /**
   * Called before blob `key` changes other than by a logged write: if a journal carries bytes
   * of it, they are synced into the blob and the journal folded, so its replay cannot put them
   * back over the change.
   */
  async settle(key: string): Promise<void> {
    const id = this.disk.carrierOf(key);
    if (id !== undefined) await this.settleSession(id);
  }

  private settleSession(id: string): Promise<void> {
    return this.locks.run(id, async () => {
      const cur = await this.get(id);
      if (cur) await this.disk.settle(cur);
    });
  }

  private modifyWith(id: string, change: SessionChange, write?: LoggedBytes): Promise<UploadSession> {
    return this.locks.run(id, async () => {
      const prev = await this.get(id);
      const stored = this.checkModify(id, change);
      if (stored.changed) {
        await this.disk.change(prev!, stored.session, write);
        this.publish(stored.session);
      } else if (write) throw new TypeError('a logged write must change its session'); // the engine logs only new bytes
      return stored.session;
    });
  }

  /** Journals open now between changes. */
  get keptOpen(): number {
    return this.disk.keptOpen;
  }

  /** Syncs the blob bytes journals carry (a restart then has none to put back) and closes the files kept open. */
  async close(): Promise<void> {
    for (const id of this.disk.carrying()) {
      // best effort: bytes left in a journal are put back at the next open
      await this.settleSession(id).catch((e: unknown) => console.warn(`rangeway fs-store: session ${id} keeps its journal: ${String(e)}`));
    }
    await this.disk.close();
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
