/** A write whose body is arriving right now: how far it got, for live progress displays. */
export type InFlightWrite = {
  readonly start: number;
  readonly end: number;
  /** body bytes received so far (checked or not yet) */
  readonly bytes: number;
  readonly startedAt: number;
};

type Entry = { start: number; end: number; bytes: number; startedAt: number };

/**
 * The writes this process is receiving, per upload. Progress only: nothing here is stored or
 * acknowledged, and another process sharing the store has its own.
 */
export class InFlightWrites {
  private readonly byUpload = new Map<string, Set<Entry>>();

  /** Starts tracking a write; feed body chunks to `update`, call `done` when it ends either way. */
  begin(uploadId: string, start: number, end: number, now: number): { readonly bytes: number; update(chunk: Uint8Array): void; done(): void } {
    const entry: Entry = { start, end, bytes: 0, startedAt: now };
    let set = this.byUpload.get(uploadId);
    if (!set) this.byUpload.set(uploadId, (set = new Set()));
    set.add(entry);
    return {
      get bytes() {
        return entry.bytes;
      },
      update: (chunk) => {
        entry.bytes += chunk.length;
      },
      done: () => {
        set.delete(entry);
        if (set.size === 0 && this.byUpload.get(uploadId) === set) this.byUpload.delete(uploadId);
      },
    };
  }

  of(uploadId: string): readonly InFlightWrite[] {
    return [...(this.byUpload.get(uploadId) ?? [])].map((e) => ({ ...e }));
  }
}
