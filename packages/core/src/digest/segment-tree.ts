import { DIGEST_ALGORITHMS, DIGEST_LENGTHS, finalDigest, isPersistable, type DigestAlgorithm, type Hasher, type HasherFactory, type PersistableHasher } from './hasher';
import { createPure } from './pure-algorithms';
import { newState, openState, readLength, STATE_HEADER, STATE_KINDS, writeLength } from './state';
import { feedZeros } from './zeros';

export type SegmentTreeOptions = {
  /** bytes per segment; the last segment is zero-padded to this length */
  readonly segmentSize: number;
  readonly factory: HasherFactory;
  /** hash of segments and inner nodes; default sha256 */
  readonly algorithm?: DigestAlgorithm;
};

/**
 * Segmented Merkle digest. The input is cut into `segmentSize` segments, the last one
 * zero-padded to full length; each segment is hashed to a leaf, and leaves are paired bottom-up
 * with H(left‖right), an odd last node being paired with itself, until one hash remains.
 * A single leaf gives H(h0‖h0); empty input has no digest.
 *
 * Leaves are folded as they complete, like a binary counter: level k holds at most one pending
 * subtree of 2^k leaves (exactly the set bits of the leaf count), so state is O(log n) hashes.
 * `algorithm` names the node hash, not a standard digest of the whole input: the value differs
 * from a plain SHA-256 of the same bytes (see isSegmentTreeHasher).
 *
 * A segment's hash is taken when it is needed, or asynchronously when a feeder waits for
 * ready(): a factory hashing on another thread is then never waited for on the caller's thread
 * (the engine waits for ready() after every chunk). Inner nodes (two hashes each) are hashed
 * here, in plain TypeScript: a round trip to another thread costs more than the hashing.
 */
export class SegmentTreeHasher implements PersistableHasher {
  readonly algorithm: DigestAlgorithm;
  readonly segmentSize: number;
  private readonly factory: HasherFactory;
  /** hasher of the current, incomplete segment; absent at a segment boundary */
  private current: Hasher | undefined;
  /** hashers of whole segments not folded into `pending` yet, oldest first */
  private ended: Hasher[] = [];
  /** set while ready() folds them */
  private folding: Promise<void> | undefined;
  /** pending[k]: root of a complete subtree of 2^k leaves still waiting for its right sibling */
  private pending: (Uint8Array | undefined)[] = [];
  private bytes = 0;
  private done = false;

  constructor(options: SegmentTreeOptions) {
    const { segmentSize } = options;
    if (!Number.isSafeInteger(segmentSize) || segmentSize <= 0) throw new RangeError(`bad segment size: ${segmentSize}`);
    this.segmentSize = segmentSize;
    this.factory = options.factory;
    this.algorithm = options.algorithm ?? 'sha256';
  }

  /** Bytes fed so far. */
  get length(): number {
    return this.bytes;
  }

  update(chunk: Uint8Array): void {
    this.feed(chunk.length, (h, pos, take) => h.update(take === chunk.length ? chunk : chunk.subarray(pos, pos + take)));
  }

  /** Zeros made by the segments' hashers where they can (see Hasher.updateZeros). */
  updateZeros(count: number): void {
    this.feed(count, (h, _pos, take) => feedZeros(h, take));
  }

  /** Feeds `len` bytes, cut at segment ends: `put` gives each segment's hasher its share. */
  private feed(len: number, put: (h: Hasher, pos: number, take: number) => void): void {
    this.assertOpen();
    this.foldEnded();
    let pos = 0;
    while (pos < len) {
      const inSegment = this.bytes % this.segmentSize;
      const take = Math.min(this.segmentSize - inSegment, len - pos);
      put((this.current ??= this.factory.create(this.algorithm)), pos, take);
      pos += take;
      this.bytes += take;
      if (inSegment + take === this.segmentSize) this.endSegment();
    }
  }

  /** A promise while segments wait to be folded (their hashes asked for without blocking), else the current segment's hasher's. */
  ready(): Promise<void> | undefined {
    if (this.ended.length > 0) return (this.folding ??= this.foldEndedAsync().finally(() => (this.folding = undefined)));
    return this.current?.ready?.();
  }

  digest(): Uint8Array {
    this.assertOpen();
    this.endLast();
    this.foldEnded();
    return this.root();
  }

  async digestAsync(): Promise<Uint8Array> {
    this.assertOpen();
    this.endLast();
    await this.foldEndedAsync();
    return this.root();
  }

  /** Zero-pads the last segment to full length and ends it. */
  private endLast(): void {
    if (this.bytes === 0) throw new RangeError('segment tree of empty input is undefined');
    const rest = this.bytes % this.segmentSize;
    if (rest === 0) return;
    feedZeros(this.current!, this.segmentSize - rest);
    this.bytes += this.segmentSize - rest;
    this.endSegment();
  }

  private root(): Uint8Array {
    this.done = true;
    const p = this.pending;
    if (this.bytes === this.segmentSize) return this.node(p[0]!, p[0]!);
    // Finish the odd tails level by level. A carry is the last node of its level; it has a left
    // sibling if that level has a pending subtree, else it is paired with itself, unless no
    // higher level remains, in which case it is the root.
    let carry: Uint8Array | undefined;
    for (let k = 0; k < p.length; k++) {
      const left = p[k];
      const higher = k + 1 < p.length;
      if (left && carry) carry = this.node(left, carry);
      else if (left) carry = higher ? this.node(left, left) : left;
      else if (carry && higher) carry = this.node(carry, carry);
    }
    return carry!;
  }

  clone(): SegmentTreeHasher {
    this.assertOpen();
    this.foldEnded();
    const c = new SegmentTreeHasher({ segmentSize: this.segmentSize, factory: this.factory, algorithm: this.algorithm });
    c.current = this.current?.clone();
    c.pending = this.pending.slice(); // entries are never mutated, sharing them is safe
    c.bytes = this.bytes;
    return c;
  }

  /**
   * [algorithm index][segment size][byte count][pending subtrees, lowest level first][state of
   * the current segment's hasher, if any]. Needs a factory whose hashers are persistable.
   */
  exportState(): Uint8Array {
    this.assertOpen();
    this.foldEnded();
    let inner: Uint8Array | undefined;
    if (this.current) {
      if (!isPersistable(this.current)) throw new TypeError(`${this.algorithm} hashers of this factory cannot export state`);
      inner = this.current.exportState();
    }
    const size = DIGEST_LENGTHS[this.algorithm];
    const nodes = this.pending.filter((x): x is Uint8Array => x !== undefined);
    const fixed = 1 + 8 + 8;
    const { bytes, view } = newState(STATE_KINDS.segmentTree, fixed + nodes.length * size + (inner?.length ?? 0));
    bytes[STATE_HEADER] = DIGEST_ALGORITHMS.indexOf(this.algorithm);
    writeLength(view, STATE_HEADER + 1, this.segmentSize);
    writeLength(view, STATE_HEADER + 9, this.bytes);
    let o = STATE_HEADER + fixed;
    for (const n of nodes) {
      bytes.set(n, o);
      o += size;
    }
    if (inner) bytes.set(inner, o);
    return bytes;
  }

  /** Restores exportState() output; the factory must be able to restore its hashers' states. */
  static fromState(state: Uint8Array, factory: HasherFactory): SegmentTreeHasher {
    const view = openState(state, STATE_KINDS.segmentTree, 17, 'segment tree');
    const algorithm = DIGEST_ALGORITHMS[state[STATE_HEADER]!];
    if (!algorithm) throw new TypeError('segment tree hasher state names an unknown algorithm');
    const segmentSize = readLength(view, STATE_HEADER + 1);
    const h = new SegmentTreeHasher({ segmentSize, factory, algorithm });
    h.bytes = readLength(view, STATE_HEADER + 9);
    const size = DIGEST_LENGTHS[algorithm];
    let o = STATE_HEADER + 17;
    // pending levels are exactly the set bits of the number of complete leaves
    for (let leaves = Math.floor(h.bytes / segmentSize), k = 0; leaves > 0; leaves = Math.floor(leaves / 2), k++) {
      if (leaves % 2 === 0) continue;
      if (o + size > state.length) throw new TypeError('truncated segment tree hasher state');
      h.pending[k] = state.slice(o, o + size);
      o += size;
    }
    const partial = h.bytes % segmentSize > 0;
    if (partial !== o < state.length) throw new TypeError('segment tree hasher state has the wrong length');
    if (partial) {
      if (!factory.restore) throw new TypeError('this hasher factory cannot restore state');
      h.current = factory.restore(state.subarray(o));
      if (h.current.algorithm !== algorithm) throw new TypeError('segment tree hasher state holds the wrong inner hasher');
    }
    return h;
  }

  private endSegment(): void {
    this.ended.push(this.current!);
    this.current = undefined;
  }

  /** Folds the ended segments in, waiting for their hashes on this thread. */
  private foldEnded(): void {
    for (const h of this.ended.splice(0)) this.fold(h.digest());
  }

  private async foldEndedAsync(): Promise<void> {
    while (this.ended.length > 0) {
      const leaf = await finalDigest(this.ended[0]!);
      this.ended.shift();
      this.fold(leaf);
    }
  }

  /** Adds a leaf: carries up through the pending subtrees like a binary counter. */
  private fold(leaf: Uint8Array): void {
    let node = leaf;
    const p = this.pending;
    let k = 0;
    for (; p[k]; k++) {
      node = this.node(p[k]!, node);
      p[k] = undefined;
    }
    p[k] = node;
  }

  private node(left: Uint8Array, right: Uint8Array): Uint8Array {
    const h = createPure(this.algorithm);
    h.update(left);
    h.update(right);
    return h.digest();
  }

  private assertOpen(): void {
    if (this.done) throw new Error('segment tree hasher used after digest()');
    if (this.folding) throw new Error('segment tree hasher used before the ready() it gave settled');
  }
}

export function isSegmentTreeHasher(h: Hasher): h is SegmentTreeHasher {
  return h instanceof SegmentTreeHasher;
}
