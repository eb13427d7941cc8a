import { type FileCatalog, FileIndex, type FileRecord, KeyedLock } from '@rangeway/core';
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
    // oldest first, so a move a crash cut short (the id under two names) resolves to the newer name
    const loaded = (await records.load()).sort((a, b) => a.modifiedAt - b.modifiedAt);
    for (const r of loaded) {
      const moved = catalog.movedBy(r);
      if (moved) await records.remove([moved.namespace, moved.name]);
      catalog.publish(r);
    }
    return catalog;
  }

  async put(record: FileRecord): Promise<void> {
    await this.lock.run(CATALOG, async () => {
      const moved = this.movedBy(record);
      await this.records.write([record.namespace, record.name], record);
      if (moved) await this.records.remove([moved.namespace, moved.name]);
      this.publish(record);
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
