import { chunksOf } from './bytes';

/** Pulls exactly n bytes at a time from a stream (for comparing a body against stored bytes). */
export class ExactReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private buf: Uint8Array = new Uint8Array(0);

  constructor(stream: ReadableStream<Uint8Array>) {
    this.it = chunksOf(stream)[Symbol.asyncIterator]();
  }

  async read(n: number): Promise<Uint8Array> {
    while (this.buf.length < n) {
      const r = await this.it.next();
      if (r.done) throw new RangeError('stored data ended early');
      const merged = new Uint8Array(this.buf.length + r.value.length);
      merged.set(this.buf);
      merged.set(r.value, this.buf.length);
      this.buf = merged;
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}
