import type { DigestAlgorithm, PersistableHasher } from './hasher';
import { newState, openState, readLength, writeLength, STATE_HEADER, type StateKind } from './state';

/**
 * Shared buffering and padding of the Merkle–Damgård hashes with 64-byte blocks (MD5, SHA-1,
 * SHA-256). Whole blocks are compressed straight from the caller's chunk; only a partial block
 * is copied, into one reused buffer. Subclasses only supply the compression function.
 */
export abstract class BlockHasher implements PersistableHasher {
  abstract readonly algorithm: DigestAlgorithm;
  /** chaining value, one 32-bit word per entry */
  protected readonly h: Int32Array;
  private readonly buf = new Uint8Array(64);
  private readonly bufView = new DataView(this.buf.buffer);
  private bytes = 0;
  private done = false;

  protected constructor(
    initial: readonly number[],
    private readonly littleEndian: boolean,
    private readonly kind: StateKind,
  ) {
    this.h = Int32Array.from(initial);
  }

  /** Compresses the whole blocks in view[pos, end); end - pos is a multiple of 64. */
  protected abstract blocks(view: DataView, pos: number, end: number): void;

  abstract clone(): BlockHasher;

  update(chunk: Uint8Array): void {
    if (this.done) throw new Error(`${this.algorithm} hasher used after digest()`);
    const len = chunk.length;
    if (len === 0) return;
    const fill = this.bytes % 64;
    this.bytes += len;
    let pos = 0;
    if (fill > 0) {
      pos = Math.min(64 - fill, len);
      this.buf.set(pos === len ? chunk : chunk.subarray(0, pos), fill);
      if (fill + pos < 64) return;
      this.blocks(this.bufView, 0, 64);
    }
    const end = len - ((len - pos) % 64);
    if (end > pos) this.blocks(new DataView(chunk.buffer, chunk.byteOffset, len), pos, end);
    if (end < len) this.buf.set(chunk.subarray(end), 0);
  }

  digest(): Uint8Array {
    if (this.done) throw new Error(`${this.algorithm} hasher used after digest()`);
    this.done = true;
    const buf = this.buf;
    const view = this.bufView;
    let fill = this.bytes % 64;
    buf[fill++] = 0x80;
    if (fill > 56) {
      buf.fill(0, fill);
      this.blocks(view, 0, 64);
      fill = 0;
    }
    buf.fill(0, fill, 56);
    // message length in bits as a 64-bit integer, split so that it stays exact beyond 2^32 bits
    const lo = (this.bytes % 0x20000000) * 8;
    const hi = Math.floor(this.bytes / 0x20000000);
    if (this.littleEndian) {
      view.setUint32(56, lo, true);
      view.setUint32(60, hi, true);
    } else {
      view.setUint32(56, hi);
      view.setUint32(60, lo);
    }
    this.blocks(view, 0, 64);
    const out = new Uint8Array(this.h.length * 4);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < this.h.length; i++) outView.setInt32(i * 4, this.h[i]!, this.littleEndian);
    return out;
  }

  /** Copies the full state of `from` (same class) into this fresh instance. */
  protected copyFrom(from: BlockHasher): this {
    if (from.done) throw new Error(`${this.algorithm} hasher used after digest()`);
    this.h.set(from.h);
    this.buf.set(from.buf);
    this.bytes = from.bytes;
    return this;
  }

  /** [chaining words][byte count][pending bytes of the partial block] */
  exportState(): Uint8Array {
    if (this.done) throw new Error(`${this.algorithm} hasher used after digest()`);
    const words = this.h.length * 4;
    const fill = this.bytes % 64;
    const { bytes, view } = newState(this.kind, words + 8 + fill);
    for (let i = 0; i < this.h.length; i++) view.setInt32(STATE_HEADER + i * 4, this.h[i]!);
    writeLength(view, STATE_HEADER + words, this.bytes);
    bytes.set(this.buf.subarray(0, fill), STATE_HEADER + words + 8);
    return bytes;
  }

  protected restoreFrom(state: Uint8Array): this {
    const words = this.h.length * 4;
    const view = openState(state, this.kind, words + 8, this.algorithm);
    for (let i = 0; i < this.h.length; i++) this.h[i] = view.getInt32(STATE_HEADER + i * 4);
    this.bytes = readLength(view, STATE_HEADER + words);
    const fill = this.bytes % 64;
    if (state.length !== STATE_HEADER + words + 8 + fill) throw new TypeError(`${this.algorithm} hasher state has the wrong length`);
    this.buf.set(state.subarray(STATE_HEADER + words + 8), 0);
    return this;
  }
}
