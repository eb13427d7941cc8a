import { type FileRecord, type Uploads, chunksOf, concatBytes, streamOf, toBase64, utf8 } from '@rangeway/core';
import { type Entry, entryJson, entryOf } from './file-json';
import { withPathLock } from './path-lock';
import { NAMESPACE, isFolderRecord } from './placement';
import { baseNameOf } from './paths';
import { wildcardMatch } from './wildcard';

export type ListQuery = { readonly filter?: string | undefined; readonly recursive: boolean };

/** Committed files as ClickHelp storage: single-file info, folder listings, deletion. */
export class StorageFiles {
  constructor(private readonly uploads: Uploads) {}

  /** The file at `path`; folders (even explicitly made ones) are not files. */
  async get(path: string): Promise<FileRecord | undefined> {
    const f = await this.uploads.storage.files.get(NAMESPACE, path);
    return isFolderRecord(f) ? undefined : f;
  }

  /**
   * The entries of folder `path` ('' = root): files and (implicit) subfolders, all levels when
   * recursive, those whose name matches `filter`. Undefined when the folder does not exist.
   * A folder's date and modifier are those of its newest file; its size is 0.
   */
  async list(path: string, query: ListQuery): Promise<Entry[] | undefined> {
    const prefix = path === '' ? '' : `${path}/`;
    const entries = new Map<string, Entry>();
    let exists = path === '' || isFolderRecord(await this.uploads.storage.files.get(NAMESPACE, path));
    for await (const file of this.uploads.storage.files.list(NAMESPACE, prefix)) {
      exists = true;
      const segs = file.name.slice(prefix.length).split('/');
      const folders = isFolderRecord(file) ? segs.length : segs.length - 1;
      for (let i = 1; i <= Math.min(query.recursive ? folders : 1, folders); i++) {
        const folder = prefix + segs.slice(0, i).join('/');
        const seen = entries.get(folder);
        if (!seen || seen.modifiedAt < file.modifiedAt)
          entries.set(folder, { ...entryOf(file), path: folder, isFolder: true, size: 0 });
      }
      if (!isFolderRecord(file) && (segs.length === 1 || query.recursive)) entries.set(file.name, entryOf(file));
    }
    if (!exists) return undefined;
    const { filter } = query;
    return [...entries.values()]
      .filter((e) => filter === undefined || wildcardMatch(filter, baseNameOf(e.path)))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The GET answer with `content` as base64, streamed: at most one stored chunk in memory. */
  async base64Json(file: FileRecord): Promise<ReadableStream<Uint8Array>> {
    const json = entryJson(entryOf(file), '');
    const cut = json.indexOf(',"content":""') + ',"content":"'.length;
    const stored = await this.uploads.storage.blobs.read(file.blobKey);
    return streamOf(base64Chunks(json.slice(0, cut), stored, json.slice(cut)));
  }

  /** Deletes a file and its bytes; false when there is none. */
  delete(path: string): Promise<boolean> {
    return withPathLock(this.uploads, path, async () => {
      const file = await this.get(path);
      if (!file) return false;
      await this.uploads.storage.files.delete(NAMESPACE, path);
      await this.uploads.storage.blobs.delete(file.blobKey);
      return true;
    });
  }
}

async function* base64Chunks(head: string, stored: ReadableStream<Uint8Array>, tail: string): AsyncGenerator<Uint8Array> {
  yield utf8(head);
  let carry = new Uint8Array(0);
  for await (const chunk of chunksOf(stored)) {
    const buf = carry.length ? concatBytes([carry, chunk]) : chunk;
    const whole = buf.length - (buf.length % 3);
    if (whole > 0) yield utf8(toBase64(buf.subarray(0, whole)));
    carry = buf.slice(whole);
  }
  yield utf8(toBase64(carry) + tail);
}
