import type { PartRecord } from './session';

/**
 * A session's part records, sorted by start, as every reader sees them: a plain array has this
 * shape (a store that reads a session back from JSON hands out one), and so has SharedPartList,
 * the engine's own form. JSON of either is the array of records.
 */
export interface PartList extends Iterable<PartRecord> {
  readonly length: number;
  at(index: number): PartRecord | undefined;
  find(predicate: (part: PartRecord) => unknown): PartRecord | undefined;
  map<U>(f: (part: PartRecord) => U): U[];
  slice(start?: number, end?: number): PartRecord[];
}

/**
 * Records per chunk. A write copies one chunk (at most twice this) and the list of chunks (one
 * entry per this many records): at 4,000 parts ~160 pointers instead of 4,000, and past ~10,900
 * a whole-list copy would land in V8's large-object space, 50x dearer per write.
 */
const CHUNK = 128;

type Chunk = readonly PartRecord[];

const frozenRecord = (p: PartRecord): PartRecord =>
  Object.isFrozen(p) && Object.isFrozen(p.digests) ? p : Object.freeze({ ...p, digests: Object.freeze({ ...p.digests }) });

/**
 * An immutable sorted part list whose versions share what they did not change: the records, by
 * reference, and every chunk of records a write did not touch. A write to a session with
 * thousands of parts so costs what it costs with a few, and a durable store finds what changed
 * by comparing chunks (sharedPrefix).
 */
export class SharedPartList implements PartList {
  static readonly empty = new SharedPartList([], 0);

  private constructor(
    private readonly chunks: readonly Chunk[],
    readonly length: number,
  ) {
    Object.freeze(this);
  }

  /** `parts` itself if it is one, else a list of the same records (frozen, as a store keeps them). */
  static from(parts: PartList): SharedPartList {
    if (parts instanceof SharedPartList) return parts;
    const chunks: Chunk[] = [];
    const records = parts.map(frozenRecord);
    for (let i = 0; i < records.length; i += CHUNK) chunks.push(Object.freeze(records.slice(i, i + CHUNK)));
    return new SharedPartList(Object.freeze(chunks), records.length);
  }

  *[Symbol.iterator](): Iterator<PartRecord> {
    for (const chunk of this.chunks) yield* chunk;
  }

  at(index: number): PartRecord | undefined {
    let i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) return undefined;
    for (const chunk of this.chunks) {
      if (i < chunk.length) return chunk[i];
      i -= chunk.length;
    }
    return undefined;
  }

  find(predicate: (part: PartRecord) => unknown): PartRecord | undefined {
    for (const chunk of this.chunks) for (const p of chunk) if (predicate(p)) return p;
    return undefined;
  }

  map<U>(f: (part: PartRecord) => U): U[] {
    return this.chunks.flatMap((chunk) => chunk.map((p) => f(p)));
  }

  /** As Array.slice; chunks wholly before `start` are skipped, not copied (a journal takes the tail). */
  slice(start = 0, end = this.length): PartRecord[] {
    const [from, to] = [start, end].map((x) => Math.min(Math.max(x < 0 ? x + this.length : x, 0), this.length)) as [number, number];
    const out: PartRecord[] = [];
    let at = 0;
    for (const chunk of this.chunks) {
      if (at >= to) break;
      for (let i = Math.max(from - at, 0); i < chunk.length && at + i < to; i++) out.push(chunk[i]!);
      at += chunk.length;
    }
    return out;
  }

  toJSON(): PartRecord[] {
    return this.chunks.flat();
  }

  /** The record of exactly [start, end), if there is one (binary search: no pass over the list). */
  exact(start: number, end: number): PartRecord | undefined {
    for (let c = this.firstChunkWhere((last) => last >= start); c < this.chunks.length; c++) {
      for (const p of this.chunks[c]!) {
        if (p.start > start) return undefined;
        if (p.start === start && p.end === end) return p;
      }
    }
    return undefined;
  }

  /** This list with `part` after every record starting at or before it (a record of its own, frozen). */
  inserted(part: PartRecord): SharedPartList {
    const record = frozenRecord(part);
    const { chunks } = this;
    if (chunks.length === 0) return new SharedPartList(Object.freeze([Object.freeze([record])]), 1);
    // the first chunk with a record starting after `part` takes it (the last chunk if none has)
    const c = Math.min(this.firstChunkWhere((last) => last > part.start), chunks.length - 1);
    const chunk = chunks[c]!;
    let i = chunk.length;
    while (i > 0 && chunk[i - 1]!.start > part.start) i--;
    // appending to a full last chunk starts a new one: in-order uploads keep chunks of CHUNK
    if (c === chunks.length - 1 && i === chunk.length && chunk.length >= CHUNK)
      return new SharedPartList(Object.freeze([...chunks, Object.freeze([record])]), this.length + 1);
    const grown = [...chunk];
    if (i === grown.length) grown.push(record);
    else grown.splice(i, 0, record);
    const pieces = grown.length > 2 * CHUNK ? [grown.slice(0, CHUNK), grown.slice(CHUNK)] : [grown];
    return new SharedPartList(spliced(chunks, c, pieces), this.length + 1);
  }

  /** This list with the record `old` (by identity) replaced by `next`; itself if `old` is not in it. */
  replaced(old: PartRecord, next: PartRecord): SharedPartList {
    for (let c = this.firstChunkWhere((last) => last >= old.start); c < this.chunks.length; c++) {
      const i = this.chunks[c]!.indexOf(old);
      if (i >= 0) {
        const chunk = [...this.chunks[c]!];
        chunk[i] = frozenRecord(next);
        return new SharedPartList(spliced(this.chunks, c, [chunk]), this.length);
      }
      if (this.chunks[c]!.at(-1)!.start > old.start) break;
    }
    return this;
  }

  /** This list without the records `drop` picks; chunks that lose none are kept as they are. */
  without(drop: (part: PartRecord) => boolean): SharedPartList {
    let length = 0;
    const chunks: Chunk[] = [];
    for (const chunk of this.chunks) {
      const kept = chunk.some(drop) ? Object.freeze(chunk.filter((p) => !drop(p))) : chunk;
      if (kept.length > 0) chunks.push(kept);
      length += kept.length;
    }
    return length === this.length ? this : new SharedPartList(Object.freeze(chunks), length);
  }

  /**
   * How many leading records `after` shares with `before`, compared by reference. Two shared
   * lists skip the chunks they share whole, so a store journaling one appended part compares a
   * few dozen chunks, not thousands of records.
   */
  static sharedPrefix(before: PartList, after: PartList): number {
    const [x, y] = [SharedPartList.chunksOf(before), SharedPartList.chunksOf(after)];
    let kept = 0;
    let c = 0;
    while (c < x.length && c < y.length && x[c] === y[c]) kept += x[c++]!.length;
    // then record by record from the first chunk that differs
    let [xc, xi, yc, yi] = [c, 0, c, 0];
    for (;;) {
      while (xc < x.length && xi === x[xc]!.length) [xc, xi] = [xc + 1, 0];
      while (yc < y.length && yi === y[yc]!.length) [yc, yi] = [yc + 1, 0];
      if (xc === x.length || yc === y.length || x[xc]![xi] !== y[yc]![yi]) return kept;
      [kept, xi, yi] = [kept + 1, xi + 1, yi + 1];
    }
  }

  /** A list's records as chunks: a plain array is one. */
  private static chunksOf(list: PartList): readonly Chunk[] {
    if (list instanceof SharedPartList) return list.chunks;
    return [Array.isArray(list) ? (list as Chunk) : [...list]];
  }

  /** The first chunk whose last record's start passes `test` (chunks.length if none): starts only grow. */
  private firstChunkWhere(test: (lastStart: number) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.chunks[mid]!.at(-1)!.start)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * `chunks` with chunk `at` replaced by `pieces` (frozen), the rest shared. Copied by spread:
 * V8 (Node 20) slices a frozen array, as these are, ~100x slower.
 */
function spliced(chunks: readonly Chunk[], at: number, pieces: PartRecord[][]): readonly Chunk[] {
  const out = [...chunks];
  out.splice(at, 1, ...pieces.map((p) => Object.freeze(p)));
  return Object.freeze(out);
}
