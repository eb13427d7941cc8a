import { type FileCatalog, FileIndex, type FileRecord } from '@rangeway/core';
import { KeyedLock } from './keyed-lock';
import type { RecordDir } from './record-dir';

const CATALOG = 'catalog';

/**
 * Committed files as one JSON file per (namespace, name), mirrored in memory by the core's
 * FileIndex (reads are served from it). A replace is one atomic rename of that file, so a crash
 * leaves the old entry or the new one. Changes are serialised (commits are rare next to writes)
 * so the id index can never disagree with the files.
 */
export class FsFileCatalog extends FileIndex implements FileCatalog {
  private readonly lock = new KeyedLock();

  private constructor(private readonly records: RecordDir<FileRecord>) {
    super();
  }

  static async open(records: RecordDir<FileRecord>): Promise<FsFileCatalog> {
    const catalog = new FsFileCatalog(records);
    for (const r of await records.load()) catalog.publish(r);
    return catalog;
  }

  async put(record: FileRecord): Promise<void> {
    await this.lock.run(CATALOG, async () => {
      const stored = this.checkPut(record);
      await this.records.write([record.namespace, record.name], stored);
      this.publish(stored);
    });
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    return this.lock.run(CATALOG, async () => {
      if (!this.has(namespace, name)) return false;
      await this.records.remove([namespace, name]);
      this.remove(namespace, name);
      return true;
    });
  }
}
