import { type FileHandle, open } from 'node:fs/promises';

/**
 * Append handles of recently changed journals, kept open so that a change costs a write and an
 * fdatasync, not also an open and a close. At most `max` stay open (least recently used closed
 * first); a handle in use is never closed under its user. Callers serialize uses of one path
 * (the session's lock), and forget a path before its file is removed or replaced: a handle kept
 * past that would append to a file no longer in the directory.
 */
export class OpenHandles {
  private readonly handles = new Map<string, { fh: FileHandle; users: number }>();

  constructor(private readonly max: number) {}

  async use<T>(path: string, fn: (fh: FileHandle) => Promise<T>): Promise<T> {
    let h = this.handles.get(path);
    if (h) this.handles.delete(path); // re-inserted below: the Map's order is the use order
    else h = { fh: await open(path, 'a', 0o600), users: 0 };
    this.handles.set(path, h);
    await this.trim();
    h.users++;
    try {
      return await fn(h.fh);
    } finally {
      h.users--;
    }
  }

  /** Closes the handle of `path`, if one is open. */
  async forget(path: string): Promise<void> {
    const h = this.handles.get(path);
    if (!h) return;
    this.handles.delete(path);
    await h.fh.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(all.map((h) => h.fh.close().catch(() => undefined)));
  }

  private async trim(): Promise<void> {
    for (const [path, h] of this.handles) {
      if (this.handles.size <= this.max) return;
      if (h.users === 0) await this.forget(path);
    }
  }
}
