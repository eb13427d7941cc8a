import { AlreadyExistsError, type FileCatalog, type FileRecord } from '@rangeway/core';
import { KeyedLock } from './keyed-lock';
import type { RecordDir } from './record-dir';

const copy = <T>(v: T): T => structuredClone(v);
const keyOf = (namespace: string, name: string) => `${namespace}\u0000${name}`;
const CATALOG = 'catalog';

/**
 * Committed files as one JSON file per (namespace, name), mirrored in memory with the id index.
 * A replace is one atomic rename of that file, so a crash leaves the old entry or the new one.
 * Changes are serialised (commits are rare next to writes) so the id index can never disagree.
 */
export class FsFileCatalog implements FileCatalog {
  private readonly byName = new Map<string, FileRecord>();
  private readonly byId = new Map<string, string>();
  private readonly lock = new KeyedLock();

  private constructor(private readonly records: RecordDir<FileRecord>) {}

  static async open(records: RecordDir<FileRecord>): Promise<FsFileCatalog> {
    const catalog = new FsFileCatalog(records);
    // a crash between two catalog writes cannot duplicate an id: each put replaces its own name only
    for (const r of await records.load()) catalog.publish(r);
    return catalog;
  }

  async get(namespace: string, name: string): Promise<FileRecord | undefined> {
    const r = this.byName.get(keyOf(namespace, name));
    return r && copy(r);
  }

  async getById(id: string): Promise<FileRecord | undefined> {
    const k = this.byId.get(id);
    return k === undefined ? undefined : copy(this.byName.get(k));
  }

  async put(record: FileRecord): Promise<void> {
    await this.lock.run(CATALOG, async () => {
      const k = keyOf(record.namespace, record.name);
      const otherName = this.byId.get(record.id);
      if (otherName !== undefined && otherName !== k) throw new AlreadyExistsError(`file id ${record.id} is taken`);
      const stored = copy(record);
      await this.records.write([record.namespace, record.name], stored);
      const old = this.byName.get(k);
      if (old && old.id !== record.id) this.byId.delete(old.id);
      this.publish(stored);
    });
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    return this.lock.run(CATALOG, async () => {
      const k = keyOf(namespace, name);
      const old = this.byName.get(k);
      if (!old) return false;
      await this.records.remove([namespace, name]);
      this.byName.delete(k);
      this.byId.delete(old.id);
      return true;
    });
  }

  async *list(namespace: string, prefix = ''): AsyncIterable<FileRecord> {
    const out = [...this.byName.values()].filter((r) => r.namespace === namespace && r.name.startsWith(prefix));
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const r of out) yield copy(r);
  }

  private publish(r: FileRecord): void {
    this.byName.set(keyOf(r.namespace, r.name), r);
    this.byId.set(r.id, keyOf(r.namespace, r.name));
  }
}
