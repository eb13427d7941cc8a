/**
 * Binary layout shared by every exportState(): [version][kind][body…]. Integers are big-endian;
 * byte counts are stored as two u32 halves so that lengths up to 2^53 - 1 survive.
 */
export const STATE_VERSION = 1;

/** Kind byte of each persistable hasher; never renumber, states may be on disk. */
export const STATE_KINDS = {
  sha1: 1,
  sha256: 2,
  md5: 3,
  adler32: 4,
  crc32c: 5,
  segmentTree: 6,
} as const;

export type StateKind = (typeof STATE_KINDS)[keyof typeof STATE_KINDS];

export const STATE_HEADER = 2;

/** A zeroed state of `bodyLength` bytes after the header, with a view for writing it. */
export function newState(kind: StateKind, bodyLength: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(STATE_HEADER + bodyLength);
  bytes[0] = STATE_VERSION;
  bytes[1] = kind;
  return { bytes, view: new DataView(bytes.buffer) };
}

/** Kind byte of a state, after checking its version. */
export function stateKind(state: Uint8Array): number {
  if (state.length < STATE_HEADER || state[0] !== STATE_VERSION) throw new TypeError('unknown hasher state format');
  return state[1]!;
}

/** Checks header and minimum length, and returns a view over the whole state. */
export function openState(state: Uint8Array, kind: StateKind, minLength: number, name: string): DataView {
  if (stateKind(state) !== kind) throw new TypeError(`not a ${name} hasher state`);
  if (state.length < STATE_HEADER + minLength) throw new TypeError(`truncated ${name} hasher state`);
  return new DataView(state.buffer, state.byteOffset, state.byteLength);
}

export function writeLength(view: DataView, offset: number, n: number): void {
  view.setUint32(offset, Math.floor(n / 0x100000000));
  view.setUint32(offset + 4, n >>> 0);
}

export function readLength(view: DataView, offset: number): number {
  const n = view.getUint32(offset) * 0x100000000 + view.getUint32(offset + 4);
  if (!Number.isSafeInteger(n)) throw new TypeError('hasher state length out of range');
  return n;
}
