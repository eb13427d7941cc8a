import type { HexDigests } from '../session/session';

/** A committed file: what a dialect reads back and lists. */
export interface FileRecord {
  readonly namespace: string;
  /** unique within the namespace: a path, or a dialect's own file identifier */
  readonly name: string;
  /** unique across the catalog */
  readonly id: string;
  readonly blobKey: string;
  readonly size: number;
  readonly digests: HexDigests;
  readonly createdAt: number;
  readonly modifiedAt: number;
  /** dialect-specific JSON data */
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface FileCatalog {
  get(namespace: string, name: string): Promise<FileRecord | undefined>;
  getById(id: string): Promise<FileRecord | undefined>;
  /**
   * Inserts or replaces (by namespace + name). A record whose id is stored under another name
   * moves: the old name is removed (a renamed new version keeps its file id).
   */
  put(record: FileRecord): Promise<void>;
  /** True if it existed. */
  delete(namespace: string, name: string): Promise<boolean>;
  /** Files of a namespace whose name starts with `prefix`, in name order. */
  list(namespace: string, prefix?: string): AsyncIterable<FileRecord>;
}
