import { uint32ToBytes } from './encoding';
import type { PersistableHasher } from './hasher';
import { newState, openState, STATE_HEADER, STATE_KINDS } from './state';

/** Castagnoli polynomial, bit-reflected. */
const POLY = 0x82f63b78;

let tables: Int32Array | undefined;

/**
 * Slicing-by-8 tables, built on first use: table k (at k·256) advances a byte through k + 1
 * positions, so eight input bytes cost eight lookups and no per-bit work.
 */
function slicingTables(): Int32Array {
  if (tables) return tables;
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 256; k < 2048; k += 256) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k + n] = c;
    }
  }
  return (tables = t);
}

/** CRC-32C (Castagnoli; iSCSI, RFC 3720), streaming. digest() is the 4 bytes big-endian of value(). */
export class Crc32c implements PersistableHasher {
  readonly algorithm = 'crc32c';
  /** the running register, i.e. the CRC so far before the final inversion */
  private crc = -1;
  private done = false;
  private readonly t = slicingTables();

  /** A hasher positioned after data whose CRC-32C is `value`. */
  static fromValue(value: number): Crc32c {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a CRC-32C value: ${value}`);
    const h = new Crc32c();
    h.crc = ~value;
    return h;
  }

  static fromState(state: Uint8Array): Crc32c {
    const view = openState(state, STATE_KINDS.crc32c, 4, 'crc32c');
    if (state.length !== STATE_HEADER + 4) throw new TypeError('crc32c hasher state has the wrong length');
    return Crc32c.fromValue(view.getUint32(STATE_HEADER));
  }

  update(chunk: Uint8Array): void {
    if (this.done) throw new Error('crc32c hasher used after digest()');
    const t = this.t;
    const len = chunk.length;
    let crc = this.crc;
    let i = 0;
    const view = new DataView(chunk.buffer, chunk.byteOffset, len);
    for (const end8 = len - (len % 8); i < end8; i += 8) {
      const lo = crc ^ view.getInt32(i, true);
      const hi = view.getInt32(i + 4, true);
      crc =
        t[0x700 + (lo & 0xff)]! ^
        t[0x600 + ((lo >>> 8) & 0xff)]! ^
        t[0x500 + ((lo >>> 16) & 0xff)]! ^
        t[0x400 + (lo >>> 24)]! ^
        t[0x300 + (hi & 0xff)]! ^
        t[0x200 + ((hi >>> 8) & 0xff)]! ^
        t[0x100 + ((hi >>> 16) & 0xff)]! ^
        t[hi >>> 24]!;
    }
    for (; i < len; i++) crc = t[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8);
    this.crc = crc;
  }

  /** Current value as an unsigned 32-bit number; the hasher stays usable. */
  value(): number {
    return ~this.crc >>> 0;
  }

  digest(): Uint8Array {
    if (this.done) throw new Error('crc32c hasher used after digest()');
    this.done = true;
    return uint32ToBytes(this.value());
  }

  clone(): Crc32c {
    if (this.done) throw new Error('crc32c hasher used after digest()');
    return Crc32c.fromValue(this.value());
  }

  exportState(): Uint8Array {
    if (this.done) throw new Error('crc32c hasher used after digest()');
    const { bytes, view } = newState(STATE_KINDS.crc32c, 4);
    view.setUint32(STATE_HEADER, this.value());
    return bytes;
  }
}
