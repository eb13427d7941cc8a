import type { UploadSession } from '../session/session';
import type { FileCatalog, FileRecord } from './file-catalog';
import type { SessionChange, SessionStore } from './session-store';
import { FileIndex, SessionIndex } from './state-index';

export class MemorySessionStore extends SessionIndex implements SessionStore {
  async create(session: UploadSession): Promise<UploadSession> {
    const stored = this.checkCreate(session);
    this.publish(stored);
    return stored;
  }

  async update(session: UploadSession): Promise<UploadSession> {
    const stored = this.checkUpdate(session);
    this.publish(stored);
    return stored;
  }

  async modify(id: string, change: SessionChange): Promise<UploadSession> {
    const { session, changed } = this.checkModify(id, change);
    if (changed) this.publish(session);
    return session;
  }

  async delete(id: string, version?: number): Promise<boolean> {
    if (!this.checkDelete(id, version)) return false;
    this.remove(id);
    return true;
  }
}

export class MemoryFileCatalog extends FileIndex implements FileCatalog {
  async put(record: FileRecord): Promise<void> {
    this.publish(record);
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    if (!this.has(namespace, name)) return false;
    this.remove(namespace, name);
    return true;
  }
}
