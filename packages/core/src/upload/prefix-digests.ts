import { type DigestAlgorithm, type Hasher, type HasherFactory, finalDigest, isDigestAlgorithm, isPersistable } from '../digest/hasher';
import { pureHashers } from '../digest/pure-hashers';
import { type TrackedDigest, trackedHasher } from '../digest/tracked';
import type { PartRecord } from '../session/session';
import type { DigestCheckpoints } from '../store/digest-checkpoints';
import { type DigestCombiner, type FeedSource, type Prefix, feedPrefix } from './prefix-feed';

export type { DigestCombiner } from './prefix-feed';

/** A running hash of [0, offset), valid while the session has seen `rewrites` rewrites. */
type Running = Prefix & { readonly rewrites: number };

/** Reading ahead in the background: up to where, and from what. */
type Wanted = FeedSource & { readonly algs: readonly TrackedDigest[]; readonly to: number };

/**
 * Whole-file digests kept incrementally over the contiguous prefix of each upload, so that a
 * commit needs no second read of the data. Writes starting exactly at the running offset feed a
 * clone while they stream; bytes that arrived ahead of it are caught up in the background once
 * the prefix reaches them (joined from part digests where the algorithm allows, else read back),
 * and whatever is left at digest time. With checkpoints (a store several processes share), the
 * running state is saved after every step and picked up by whichever process sees the next one.
 */
export class PrefixDigests {
  private readonly running = new Map<string, Map<TrackedDigest, Running>>();
  private readonly rewritesOf = new Map<string, number>();
  private readonly wanted = new Map<string, Wanted>();
  private readonly reading = new Map<string, Promise<void>>();
  /** hashers for whole-file digests: persistable when they must move between processes */
  private readonly tracked: HasherFactory;

  constructor(
    hashers: HasherFactory,
    private readonly combiners: Partial<Record<DigestAlgorithm, DigestCombiner>> = {},
    private readonly checkpoints?: DigestCheckpoints,
  ) {
    this.tracked = checkpoints && !hashers.restore ? pureHashers : hashers;
  }

  private stateOf(id: string, alg: TrackedDigest): Running {
    let m = this.running.get(id);
    if (!m) this.running.set(id, (m = new Map()));
    let r = m.get(alg);
    if (!r) m.set(alg, (r = this.restart(alg, this.rewritesOf.get(id) ?? 0)));
    return r;
  }

  /**
   * The session as stored says it has seen `rewrites` rewrites: a running hash made before the
   * latest one (here, or by another process sharing the store) starts again.
   */
  sync(id: string, rewrites: number): void {
    this.rewritesOf.set(id, rewrites);
    const m = this.running.get(id);
    if (!m) return;
    for (const [alg, r] of m) if (r.rewrites !== rewrites) m.set(alg, this.restart(alg, rewrites));
  }

  private restart(alg: TrackedDigest, rewrites: number): Running {
    return { offset: 0, hasher: trackedHasher(this.tracked, alg), rewrites };
  }

  /**
   * Takes up checkpoints another process saved that are ahead of what this one holds (for the
   * digests not already at `start`, where a write is about to begin).
   */
  async resume(id: string, algs: readonly TrackedDigest[], start?: number): Promise<void> {
    if (!this.checkpoints || !this.tracked.restore) return;
    for (const alg of algs) {
      const r = this.stateOf(id, alg);
      if (r.offset === start) continue;
      const cp = await this.checkpoints.get(id, alg).catch(() => undefined);
      const m = this.running.get(id);
      if (!cp || !m || m.get(alg) !== r || cp.rewrites !== r.rewrites || cp.offset <= r.offset) continue;
      m.set(alg, { offset: cp.offset, hasher: this.tracked.restore(cp.state), rewrites: cp.rewrites });
    }
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
  async advance(id: string, alg: TrackedDigest, from: number, hasher: Hasher, to: number): Promise<void> {
    const r = this.stateOf(id, alg);
    if (r.offset !== from) return;
    r.offset = to;
    r.hasher = hasher;
    await this.save(id, alg, r);
  }

  /** Advances by a just-recorded part's digest instead of its bytes, where the algorithm combines. */
  async advanceByPart(id: string, alg: TrackedDigest, part: PartRecord): Promise<void> {
    const r = this.stateOf(id, alg);
    const joined = r.offset === part.start ? this.combinerOf(alg)?.(r.hasher, part) : undefined;
    if (!joined) return;
    r.hasher = joined;
    r.offset = part.end;
    await this.save(id, alg, r);
  }

  /** True when `alg` can follow parts by their digests alone. */
  combines(alg: TrackedDigest): alg is DigestAlgorithm {
    return this.combinerOf(alg) !== undefined;
  }

  private combinerOf(alg: TrackedDigest): DigestCombiner | undefined {
    return isDigestAlgorithm(alg) ? this.combiners[alg] : undefined;
  }

  private async save(id: string, alg: TrackedDigest, r: Running): Promise<void> {
    if (!this.checkpoints || !isPersistable(r.hasher) || this.running.get(id)?.get(alg) !== r) return;
    const checkpoint = { offset: r.offset, rewrites: r.rewrites, state: r.hasher.exportState() };
    // best effort: without it the next process reads the bytes back instead
    await this.checkpoints.save(id, alg, checkpoint).catch(() => undefined);
  }

  /**
   * The contiguous prefix now reaches `to`: bring the digests behind it up in the background,
   * one reader per upload, so that little is left to read at commit.
   */
  catchUp(id: string, algs: readonly TrackedDigest[], to: number, src: FeedSource): void {
    if (algs.every((alg) => this.running.get(id)?.get(alg)?.offset === to)) return;
    const prev = this.wanted.get(id);
    if (!prev || to >= prev.to) this.wanted.set(id, { ...src, algs, to });
    if (this.reading.has(id)) return;
    const run = (async () => {
      for (let w = this.wanted.get(id); w; w = this.wanted.get(id)) {
        this.wanted.delete(id);
        await this.resume(id, w.algs);
        for (const alg of w.algs) await this.feed(id, alg, w.to, w).catch(() => undefined);
      }
    })().finally(() => this.reading.delete(id));
    this.reading.set(id, run);
  }

  /** Resolves once no background catch-up of the upload is running. */
  async settled(id: string): Promise<void> {
    while (this.reading.has(id)) await this.reading.get(id);
  }

  /**
   * Feeds a copy of the running hash up to `to` and adopts it if nothing moved the running hash
   * meanwhile; resolves with the copy either way.
   */
  private async feed(id: string, alg: TrackedDigest, to: number, src: FeedSource): Promise<Prefix> {
    const r = this.stateOf(id, alg);
    const { hasher, offset } = r;
    const work: Prefix = { offset, hasher: hasher.clone() };
    if (offset >= to) return work;
    await feedPrefix(work, alg, to, src, this.combinerOf(alg));
    if (this.running.get(id)?.get(alg) !== r || r.hasher !== hasher || r.offset !== offset) return work;
    r.offset = work.offset;
    r.hasher = work.hasher;
    await this.save(id, alg, r);
    return work;
  }

  /** Bytes at or after `from` were overwritten: hashing must restart where it can no longer be trusted. */
  invalidateFrom(id: string, from: number): void {
    const m = this.running.get(id);
    if (!m) return;
    for (const [alg, r] of m) if (r.offset > from) m.set(alg, this.restart(alg, r.rewrites));
  }

  drop(id: string): void {
    this.running.delete(id);
    this.rewritesOf.delete(id);
    this.wanted.delete(id);
    void this.checkpoints?.drop(id).catch(() => undefined);
  }

  /**
   * Digest of bytes [0, total) of the upload. The caller guarantees they are all stored and that
   * no write is in flight (commit holds the whole-upload reservation).
   */
  async digest(id: string, alg: TrackedDigest, total: number, src: FeedSource): Promise<Uint8Array> {
    await this.settled(id);
    await this.resume(id, [alg], total);
    const done = await this.feed(id, alg, total, src);
    if (done.offset !== total) throw new RangeError(`hashed ${done.offset} bytes of ${total}`);
    return finalDigest(done.hasher.clone());
  }
}
