import { type FileHandle, open } from 'node:fs/promises';

/** upload files, and separately session journals, kept open at most (so at most twice this in all) */
export const MAX_KEPT_OPEN = 64;

type Handle = { readonly fh: FileHandle; users: number; retired: boolean };

/**
 * File handles kept open between uses (a session's journal, an upload's blob), so that a small
 * request costs its write and fdatasync, not also an open and a close. At most `max` stay open
 * (least recently used closed first). A handle in use is never closed under its users; one
 * forgotten while in use closes when its last user is done. Callers forget a path before its file
 * is removed or renamed: a handle kept past that would write to a file no longer at that path.
 */
export class OpenHandles {
  private readonly handles = new Map<string, Handle>();
  /** forgotten handles whose users are still at work (closed by the last one) */
  private retiredInUse = 0;

  constructor(private readonly max: number) {}

  /** Handles open now (kept, or forgotten and still in use). */
  get size(): number {
    return this.handles.size + this.retiredInUse;
  }

  /** Runs `fn` with the handle of `path`, opened by `opener` (default: for appending) if none is open. */
  async use<T>(path: string, fn: (fh: FileHandle) => Promise<T>, opener = () => open(path, 'a', 0o600)): Promise<T> {
    let h = this.handles.get(path);
    if (h) this.handles.delete(path); // re-inserted below: the Map's order is the use order
    else {
      const fh = await opener();
      // another use of the same path may have opened it meanwhile: keep one handle
      h = this.handles.get(path);
      if (h) await fh.close().catch(() => undefined);
      else h = { fh, users: 0, retired: false };
      this.handles.delete(path);
    }
    this.handles.set(path, h);
    h.users++;
    try {
      await this.trim();
      return await fn(h.fh);
    } finally {
      h.users--;
      if (h.retired && h.users === 0) {
        this.retiredInUse--;
        await h.fh.close().catch(() => undefined);
      }
    }
  }

  /** Lets go of the handle of `path`: closed now, or by its last user. */
  async forget(path: string): Promise<void> {
    const h = this.handles.get(path);
    if (!h) return;
    this.handles.delete(path);
    h.retired = true;
    if (h.users === 0) await h.fh.close().catch(() => undefined);
    else this.retiredInUse++;
  }

  /** Lets go of every handle (each closed now, or by its last user). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.handles.keys()].map((path) => this.forget(path)));
  }

  private async trim(): Promise<void> {
    for (const [path, h] of this.handles) {
      if (this.handles.size <= this.max) return;
      if (h.users === 0) await this.forget(path);
    }
  }
}
