import { type DigestAlgorithm, type Hasher, type HasherFactory, isDigestAlgorithm } from '../digest/hasher';
import { type TrackedDigest, trackedHasher } from '../digest/tracked';
import type { BlobStore } from '../store/blob-store';
import type { PartRecord } from '../session/session';
import { chunksOf } from '../stream/bytes';
import { feedZeros } from '../digest/zeros';
import type { IntervalSet } from '../range/interval-set';
import { zeroRuns } from './combiners';

/** A running hash of [0, offset), valid while the session has seen `rewrites` rewrites. */
type Running = { offset: number; hasher: Hasher; rewrites: number };

/** Joins a running hasher with a part whose digest is known, without reading it (Adler-32 only). */
export type DigestCombiner = (prefix: Hasher, part: PartRecord) => Hasher | undefined;

/**
 * Whole-file digests kept incrementally over the contiguous prefix of each upload, so that a
 * commit after in-order writes needs no second read of the data. Writes starting exactly at the
 * running offset feed a clone while they stream; out-of-order data is caught up at digest time
 * (combined from part digests where the algorithm allows, else read back from the blob).
 * State is per process and rebuilt from stored bytes after a restart.
 */
export class PrefixDigests {
  private readonly running = new Map<string, Map<TrackedDigest, Running>>();

  constructor(
    private readonly hashers: HasherFactory,
    private readonly combiners: Partial<Record<DigestAlgorithm, DigestCombiner>> = {},
  ) {}

  private stateOf(id: string, alg: TrackedDigest): Running {
    let m = this.running.get(id);
    if (!m) this.running.set(id, (m = new Map()));
    let r = m.get(alg);
    if (!r) m.set(alg, (r = { offset: 0, hasher: trackedHasher(this.hashers, alg), rewrites: this.rewritesOf.get(id) ?? 0 }));
    return r;
  }

  private readonly rewritesOf = new Map<string, number>();

  /**
   * The session as stored says it has seen `rewrites` rewrites: a running hash made before the
   * latest one (here, or by another process sharing the store) starts again.
   */
  sync(id: string, rewrites: number): void {
    this.rewritesOf.set(id, rewrites);
    const m = this.running.get(id);
    if (!m) return;
    for (const [alg, r] of m) if (r.rewrites !== rewrites) m.set(alg, { offset: 0, hasher: trackedHasher(this.hashers, alg), rewrites });
  }

  /** Clones of the running hashers that sit exactly at `start`, to be fed by a write beginning there. */
  teeAt(id: string, algs: readonly TrackedDigest[], start: number): Map<TrackedDigest, Hasher> {
    const out = new Map<TrackedDigest, Hasher>();
    for (const alg of algs) {
      const r = this.stateOf(id, alg);
      if (r.offset === start) out.set(alg, r.hasher.clone());
    }
    return out;
  }

  /** Adopts a fed clone if nothing else moved the running hasher meanwhile. */
  advance(id: string, alg: TrackedDigest, from: number, hasher: Hasher, to: number): void {
    const r = this.stateOf(id, alg);
    if (r.offset === from) {
      r.offset = to;
      r.hasher = hasher;
    }
  }

  /** Advances by a just-recorded part's digest instead of its bytes, where the algorithm combines. */
  advanceByPart(id: string, alg: TrackedDigest, part: PartRecord): void {
    const r = this.stateOf(id, alg);
    const joined = r.offset === part.start ? this.combinerOf(alg)?.(r.hasher, part) : undefined;
    if (joined) {
      r.hasher = joined;
      r.offset = part.end;
    }
  }

  /** True when `alg` can follow parts by their digests alone. */
  combines(alg: TrackedDigest): alg is DigestAlgorithm {
    return this.combinerOf(alg) !== undefined;
  }

  private combinerOf(alg: TrackedDigest): DigestCombiner | undefined {
    return isDigestAlgorithm(alg) ? this.combiners[alg] : undefined;
  }

  /** Bytes at or after `from` were overwritten: hashing must restart where it can no longer be trusted. */
  invalidateFrom(id: string, from: number): void {
    const m = this.running.get(id);
    if (!m) return;
    for (const [alg, r] of m) if (r.offset > from) m.set(alg, { offset: 0, hasher: trackedHasher(this.hashers, alg), rewrites: r.rewrites });
  }

  drop(id: string): void {
    this.running.delete(id);
    this.rewritesOf.delete(id);
  }

  /**
   * Digest of bytes [0, total) of the upload. The caller guarantees they are all stored and that
   * no write is in flight (commit holds the whole-upload reservation).
   */
  async digest(
    id: string,
    alg: TrackedDigest,
    total: number,
    parts: readonly PartRecord[],
    blobs: BlobStore,
    blobKey: string,
    /** what was received; other bytes are holes and read as zeros (default: all received) */
    received?: IntervalSet,
  ): Promise<Uint8Array> {
    const r = this.stateOf(id, alg);
    const combine = this.combinerOf(alg);
    while (r.offset < total) {
      const part = combine && parts.find((p) => p.start === r.offset && p.end <= total && p.digests[alg as DigestAlgorithm]);
      const joined = part && combine(r.hasher, part);
      if (part && joined) {
        r.hasher = joined;
        r.offset = part.end;
        continue;
      }
      // read up to the next part boundary we could combine from, or to the end; holes (never
      // received: zeros) are not read, and skipped in one step where the algorithm allows
      const next = combine ? nextCombinable(parts, alg as DigestAlgorithm, r.offset, total) : total;
      for (const seg of segments(received, r.offset, next)) {
        const zeroRun = seg.held ? undefined : isDigestAlgorithm(alg) ? zeroRuns[alg] : undefined;
        if (seg.held) for await (const chunk of chunksOf(await blobs.read(blobKey, seg))) r.hasher.update(chunk);
        else if (zeroRun) r.hasher = zeroRun(r.hasher, seg.end - seg.start);
        else feedZeros((z) => r.hasher.update(z), seg.end - seg.start);
      }
      r.offset = next;
    }
    if (r.offset !== total) throw new RangeError(`hashed ${r.offset} bytes of ${total}`);
    return r.hasher.clone().digest();
  }
}

/** [from, to) cut into runs that were received (`held`) and holes, in order. */
function segments(received: IntervalSet | undefined, from: number, to: number): { start: number; end: number; held: boolean }[] {
  if (!received) return [{ start: from, end: to, held: true }];
  const out: { start: number; end: number; held: boolean }[] = [];
  let pos = from;
  for (const iv of received.intervals) {
    if (iv.end <= pos) continue;
    if (iv.start >= to) break;
    if (iv.start > pos) out.push({ start: pos, end: iv.start, held: false });
    const end = Math.min(iv.end, to);
    out.push({ start: Math.max(iv.start, pos), end, held: true });
    pos = end;
  }
  if (pos < to) out.push({ start: pos, end: to, held: false });
  return out;
}

function nextCombinable(parts: readonly PartRecord[], alg: DigestAlgorithm, from: number, total: number): number {
  let next = total;
  for (const p of parts) if (p.start > from && p.start < next && p.digests[alg]) next = p.start;
  return next;
}
