import type { DigestAlgorithm, Hasher, HasherFactory } from '../digest/hasher';
import { toHex } from '../digest/encoding';
import { type TrackedDigest, isTrackedDigest } from '../digest/tracked';
import {
  BusyError,
  DigestMismatchError,
  ExpiredError,
  IllegalStateError,
  IncompleteError,
  InvalidError,
  LengthMismatchError,
  NotFoundError,
  RangeConflictError,
  RangeMismatchError,
  RangeNotSatisfiableError,
  isRangewayError,
} from '../errors';
import type { Interval } from '../range/interval';
import { IntervalSet } from '../range/interval-set';
import { RangeReservations } from '../range/reservations';
import { type Clock, type IdSource, randomIds, systemClock } from '../session/clock';
import {
  type HexDigests,
  type PartRecord,
  type UploadSession,
  isExpiredAt,
  receivedOf,
  transition,
} from '../session/session';
import type { FileRecord } from '../store/file-catalog';
import type { Storage } from '../store/storage';
import { bytesEqual, chunksOf } from '../stream/bytes';
import { ExactReader } from '../stream/exact-reader';
import { combineHex, defaultCombiners } from './combiners';
import { type DigestCombiner, PrefixDigests } from './prefix-digests';
import type {
  CommitInput,
  CommitResult,
  CreateUploadInput,
  ExpectedDigest,
  ReceiveInput,
  ReceiveResult,
} from './types';

export type UploadsOptions = {
  readonly storage: Storage;
  readonly hashers: HasherFactory;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** ways to join a running whole-file digest with a part digest without reading the part */
  readonly combiners?: Partial<Record<DigestAlgorithm, DigestCombiner>>;
  /** how long aborted/expired/committed session records are kept for inspection before sweeping */
  readonly retentionMs?: number;
};

const CAS_ATTEMPTS = 16;
const uploadBlobKey = (id: string) => `uploads/${id}`;
export const fileBlobKey = (id: string) => `files/${id}`;

/**
 * The dialect-neutral upload engine: sessions, positioned streaming writes with reservations,
 * length and digest checks, incremental whole-file digests, commit into the file catalog, abort
 * and expiry. Dialects translate their protocol onto these calls and map the typed errors back.
 */
export class Uploads {
  readonly storage: Storage;
  readonly hashers: HasherFactory;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly reservations = new RangeReservations();
  private readonly prefix: PrefixDigests;
  private readonly retentionMs: number;

  constructor(options: UploadsOptions) {
    this.storage = options.storage;
    this.hashers = options.hashers;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.prefix = new PrefixDigests(options.hashers, options.combiners ?? defaultCombiners);
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
  }

  async create(input: CreateUploadInput): Promise<UploadSession> {
    const now = this.clock.now();
    const id = input.id ?? this.ids.id();
    if (input.total !== undefined && (!Number.isSafeInteger(input.total) || input.total < 0))
      throw new InvalidError(`invalid total size ${input.total}`, 'total');
    const unknown = input.trackDigests?.find((d) => !isTrackedDigest(d));
    if (unknown !== undefined) throw new InvalidError(`cannot track a digest named ${String(unknown)}`);
    const ttl = input.idleTtlMs ?? input.ttlMs;
    const session: UploadSession = {
      id,
      namespace: input.namespace,
      target: input.target,
      ...(input.key !== undefined && { key: input.key }),
      ...(input.total !== undefined && { total: input.total }),
      received: '',
      parts: [],
      trackDigests: [...(input.trackDigests ?? [])],
      digests: {},
      state: 'open',
      blobKey: uploadBlobKey(id),
      createdAt: now,
      updatedAt: now,
      ...(ttl !== undefined && { expiresAt: now + ttl }),
      version: 0,
      meta: { ...(input.meta ?? {}), ...(input.idleTtlMs !== undefined && { idleTtlMs: input.idleTtlMs }) },
    };
    return this.storage.sessions.create(session);
  }

  /** The session in any state; expires it first when its time has come. NotFoundError if absent. */
  async get(id: string): Promise<UploadSession> {
    const s = await this.storage.sessions.get(id);
    if (!s) throw new NotFoundError(`no upload ${id}`);
    return this.expireIfDue(s);
  }

  async getByKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const s = await this.storage.sessions.getByKey(namespace, key);
    return s && this.expireIfDue(s);
  }

  /** The session if it can still take writes or a commit; typed errors otherwise. */
  async requireActive(id: string): Promise<UploadSession> {
    const s = await this.get(id);
    if (s.state === 'expired') throw new ExpiredError(`upload ${id} expired`, s.expiresAt ?? s.updatedAt);
    if (s.state === 'aborted') throw new NotFoundError(`upload ${id} was aborted`);
    return s;
  }

  private async expireIfDue(s: UploadSession): Promise<UploadSession> {
    if (!isExpiredAt(s, this.clock.now())) return s;
    return this.finish(s, 'expired');
  }

  /** Moves a session to a terminal state without a commit, dropping its bytes. */
  private async finish(s: UploadSession, to: 'expired' | 'aborted'): Promise<UploadSession> {
    let cur = s;
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      try {
        cur = await this.storage.sessions.update(transition(cur, to, this.clock.now()));
        break;
      } catch (e) {
        if (!(e instanceof BusyError)) throw e;
        cur = (await this.storage.sessions.get(s.id)) ?? cur;
        if (cur.state === to || cur.state === 'committed') return cur;
      }
    }
    this.prefix.drop(s.id);
    await this.storage.blobs.delete(cur.blobKey);
    return cur;
  }

  async abort(id: string): Promise<UploadSession> {
    const s = await this.get(id);
    if (s.state === 'committed' || s.state === 'aborted' || s.state === 'expired') return s;
    return this.finish(s, 'aborted');
  }

  /** Streams one write into the upload. See ReceiveInput for the policies. */
  async receive(id: string, input: ReceiveInput): Promise<ReceiveResult> {
    const { start, end } = input;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start)
      throw new InvalidError(`invalid byte interval [${start}, ${end})`);
    const session = await this.requireActive(id);
    if (session.state !== 'open')
      throw new IllegalStateError(`upload ${id} is ${session.state} and takes no more data`, session.state);
    const total = this.checkTotal(session, input);
    if (end > total) throw new RangeNotSatisfiableError(`range ends at ${end} beyond the total of ${total}`, total);

    const received = receivedOf(session);
    const iv = { start, end };
    const writeFrom = this.checkPlacement(session, received, iv, input);
    const release = this.reservations.reserve(id, iv);
    try {
      // overwriting stored bytes: forget what we knew about them before the first byte changes,
      // so a write that breaks off half-way cannot leave stale digests behind
      if ((input.overlap ?? 'reject') === 'overwrite' && received.overlaps(iv)) await this.forgetDigests(id, iv);
      // a tracked digest that combines (Adler-32) follows the part's own digest: one pass, not two
      const byPart = session.trackDigests.filter((a) => this.prefix.combines(a) && input.partDigests?.includes(a));
      const tees = this.prefix.teeAt(id, session.trackDigests.filter((a) => !byPart.includes(a)), start);
      const partHashers = new Map<DigestAlgorithm, Hasher>();
      for (const alg of new Set([...(input.partDigests ?? []), ...(input.expect ?? []).map((e) => e.algorithm)]))
        partHashers.set(alg, this.hashers.create(alg));
      const feeders = [...partHashers.values(), ...tees.values()];

      const body = this.checkedBody(session, input, writeFrom, feeders);
      if (writeFrom < end) await this.storage.blobs.write(session.blobKey, writeFrom, body);
      else for await (const _ of body); // nothing new to write: only compare and hash

      const partDigests = this.verify(partHashers, input.expect ?? []);
      const { session: saved, part, replayed } = await this.record(id, iv, total, input, partDigests, writeFrom);
      for (const [alg, h] of tees) this.prefix.advance(id, alg, start, h, end);
      if (!replayed) for (const alg of byPart) this.prefix.advanceByPart(id, alg, { ...part, start, end, digests: partDigests });
      return { session: saved, part, replayed };
    } finally {
      release();
    }
  }

  private checkTotal(session: UploadSession, input: ReceiveInput): number {
    if (input.total === undefined) return session.total ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(input.total) || input.total < 0) throw new InvalidError(`invalid total ${input.total}`);
    if (session.total !== undefined && session.total !== input.total)
      throw new InvalidError(`total ${input.total} differs from the declared ${session.total}`, 'total');
    const held = receivedOf(session).highWater;
    if (input.total < held) throw new InvalidError(`total ${input.total} is below the ${held} bytes already held`, 'total');
    return input.total;
  }

  /** Applies the ordering and overlap policies; returns where new bytes start (end = nothing new). */
  private checkPlacement(session: UploadSession, received: IntervalSet, iv: Interval, input: ReceiveInput): number {
    const ordering = input.ordering ?? 'any';
    const prefix = received.prefixLength;
    if (ordering === 'no-gap' && iv.start > prefix)
      throw new RangeMismatchError(`write starts at ${iv.start} but only ${prefix} bytes are held`, prefix, iv.start);
    if (ordering === 'append-or-replay' && iv.start !== prefix && !(iv.end <= prefix && iv.start < prefix))
      throw new RangeMismatchError(`write starts at ${iv.start}, expected ${prefix}`, prefix, iv.start);

    const overlap = input.overlap ?? 'reject';
    const clash = received.findOverlap(iv);
    if (!clash || overlap === 'overwrite') return iv.start;
    if (overlap === 'reject') throw new RangeConflictError('range overlaps stored bytes', conflictOf(session, iv, clash));
    // identical: only a leading run may be stored; it is compared, the rest must be new
    if (clash.start > iv.start) throw new RangeConflictError('range overlaps stored bytes', conflictOf(session, iv, clash));
    const writeFrom = Math.min(clash.end, iv.end);
    const rest = { start: writeFrom, end: iv.end };
    const later = received.findOverlap(rest);
    if (later) throw new RangeConflictError('range overlaps stored bytes', conflictOf(session, rest, later));
    return writeFrom;
  }

  /**
   * The request body as exactly `end - start` checked bytes: feeds the hashers, compares the part
   * that is already stored, and yields only the bytes from `writeFrom` on.
   */
  private async *checkedBody(
    session: UploadSession,
    input: ReceiveInput,
    writeFrom: number,
    feeders: readonly Hasher[],
  ): AsyncGenerator<Uint8Array> {
    const { start, end } = input;
    const expected = end - start;
    const stored = writeFrom > start ? new ExactReader(await this.storage.blobs.read(session.blobKey, { start, end: writeFrom })) : undefined;
    let seen = 0;
    try {
      for await (const chunk of this.bodyChunks(input, expected)) {
        if (seen + chunk.length > expected)
          throw new LengthMismatchError(`body is longer than the ${expected} bytes declared`, expected, seen + chunk.length);
        for (const h of feeders) h.update(chunk);
        const pos = start + seen;
        seen += chunk.length;
        const cmpLen = Math.max(0, Math.min(writeFrom - pos, chunk.length));
        if (cmpLen > 0 && stored && !bytesEqual(chunk.subarray(0, cmpLen), await stored.read(cmpLen))) {
          throw new RangeConflictError('bytes differ from those already stored', { start, end: writeFrom });
        }
        if (cmpLen < chunk.length) yield chunk.subarray(cmpLen);
      }
    } finally {
      await stored?.close();
    }
    if (seen < expected) throw new LengthMismatchError(`body has ${seen} of the ${expected} bytes declared`, expected, seen);
  }

  /** Body chunks, with transport failures (client gone) reported as a short body. */
  private async *bodyChunks(input: ReceiveInput, expected: number): AsyncGenerator<Uint8Array> {
    let seen = 0;
    try {
      for await (const chunk of chunksOf(input.body)) {
        seen += chunk.length;
        yield chunk;
      }
    } catch (e) {
      if (isRangewayError(e)) throw e;
      throw new LengthMismatchError(`request body broke off after ${seen} of ${expected} bytes`, expected, seen);
    }
  }

  private verify(hashers: Map<DigestAlgorithm, Hasher>, expect: readonly ExpectedDigest[]): HexDigests {
    const values = new Map<DigestAlgorithm, Uint8Array>();
    for (const [alg, h] of hashers) values.set(alg, h.digest());
    for (const e of expect) {
      const actual = values.get(e.algorithm)!;
      if (!bytesEqual(actual, e.value))
        throw new DigestMismatchError(`${e.algorithm} digest of the body does not match`, e.algorithm, e.value, actual);
    }
    const hex: HexDigests = {};
    for (const [alg, v] of values) hex[alg] = toHex(v);
    return hex;
  }

  /** Records a finished write with compare-and-set, retrying on concurrent updates. */
  private async record(
    id: string,
    iv: Interval,
    total: number,
    input: ReceiveInput,
    digests: HexDigests,
    writeFrom: number,
  ): Promise<{ session: UploadSession; part: PartRecord; replayed: boolean }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const cur = await this.get(id);
      if (cur.state !== 'open')
        throw new IllegalStateError(`upload ${id} became ${cur.state} while data was arriving`, cur.state);
      const same = cur.parts.find((p) => p.start === iv.start && p.end === iv.end);
      const now = this.clock.now();
      const part: PartRecord = same ?? { id: input.partId ?? this.ids.id(12), start: iv.start, end: iv.end, digests, receivedAt: now };
      // a replay (every byte compared, none written) changes nothing, unless it is the first write to declare the total
      const fixesTotal = input.total !== undefined && cur.total === undefined;
      if (writeFrom === iv.end && !fixesTotal) return { session: cur, part, replayed: true };
      const overwrite = (input.overlap ?? 'reject') === 'overwrite';
      const kept = cur.parts.filter((p) => !(overwrite && p.start < iv.end && iv.start < p.end) && p !== same);
      const parts = writeFrom === iv.end ? cur.parts : withPart(kept, part, input.record ?? 'part');
      const idle = cur.meta.idleTtlMs;
      const next: UploadSession = {
        ...cur,
        ...(input.total !== undefined && cur.total === undefined && { total }),
        received: receivedOf(cur).add(iv).toString(),
        parts,
        updatedAt: now,
        ...(typeof idle === 'number' && { expiresAt: now + idle }),
      };
      try {
        return { session: await this.storage.sessions.update(next), part, replayed: writeFrom === iv.end };
      } catch (e) {
        if (!(e instanceof BusyError)) throw e;
      }
    }
    throw new BusyError(`upload ${id} is too busy to record a write`);
  }

  /** Drops part records overlapping iv and resets running digests past its start. */
  private async forgetDigests(id: string, iv: Interval): Promise<void> {
    this.prefix.invalidateFrom(id, iv.start);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const cur = await this.get(id);
      const parts = cur.parts.filter((p) => !(p.start < iv.end && iv.start < p.end));
      if (parts.length === cur.parts.length) return;
      try {
        await this.storage.sessions.update({ ...cur, parts });
        return;
      } catch (e) {
        if (!(e instanceof BusyError)) throw e;
      }
    }
    throw new BusyError(`upload ${id} is too busy`);
  }

  /**
   * Whole-file digest of a fully received upload; no write may be in flight. With `size`, the
   * digest covers exactly that many stored bytes, missing ranges reading as zeros (for protocols
   * that check whatever was written, holes included).
   */
  async digestOf(session: UploadSession, alg: TrackedDigest, size?: number): Promise<Uint8Array> {
    const total = size ?? session.total;
    if (size === undefined && (total === undefined || !receivedOf(session).isComplete(total)))
      throw new IncompleteError(`upload ${session.id} is not complete`, receivedOf(session).missing(total ?? 0));
    if (size !== undefined && (await this.storage.blobs.size(session.blobKey)) !== size)
      await this.storage.blobs.truncate(session.blobKey, size);
    return this.prefix.digest(session.id, alg, total!, session.parts, this.storage.blobs, session.blobKey);
  }

  /**
   * Verifies and commits a fully received upload into the file catalog. Holds the whole-upload
   * reservation, so no write can slip in between the checks and the rename.
   */
  async commit(id: string, input: CommitInput): Promise<CommitResult> {
    const release = this.reservations.reserveAll(id);
    try {
      let session = await this.requireActive(id);
      if (session.state === 'committed') throw new IllegalStateError(`upload ${id} is already committed`, 'committed');
      const resumedFileId = session.state === 'complete' ? session.fileId : undefined;
      if (resumedFileId !== undefined) {
        const finished = await this.resumeCommit(session, resumedFileId);
        if (finished) return finished;
      }
      const total = input.size ?? session.total;
      const received = receivedOf(session);
      if (input.size === undefined && (total === undefined || !received.isComplete(total)))
        throw new IncompleteError(`upload ${id} is missing bytes`, received.missing(total ?? received.highWater + 1));
      if (total === undefined) throw new IncompleteError(`upload ${id} has no size`, []);

      const algs = new Set<DigestAlgorithm>([...(input.digests ?? []), ...(input.expect ?? []).map((e) => e.algorithm)]);
      const values = new Map<DigestAlgorithm, Uint8Array>();
      for (const alg of algs) values.set(alg, await this.digestOf(session, alg, input.size));
      for (const e of input.expect ?? []) {
        const actual = values.get(e.algorithm)!;
        if (!bytesEqual(actual, e.value))
          throw new DigestMismatchError(`${e.algorithm} digest of the file does not match`, e.algorithm, e.value, actual);
      }
      const existing = await this.storage.files.get(session.namespace, input.name);
      await input.precondition?.(session, existing);
      // a new version under a new name replaces the record that holds its id
      const previous = input.fileId === undefined ? undefined : await this.storage.files.getById(input.fileId);

      const digests: HexDigests = { ...session.digests };
      for (const [alg, v] of values) digests[alg] = toHex(v);
      const fileId = resumedFileId ?? input.fileId ?? this.ids.id();
      const now = this.clock.now();
      // the blob size must equal the total: a longer blob (overwrites past the end) is cut back
      if ((await this.storage.blobs.size(session.blobKey)) !== total) await this.storage.blobs.truncate(session.blobKey, total);
      // the file id is recorded before the bytes move, so an interrupted commit can be resumed
      session = await this.storage.sessions.update({ ...transition(session, 'complete', now), total, digests, fileId });
      const file: FileRecord = {
        namespace: session.namespace,
        name: input.name,
        id: fileId,
        blobKey: fileBlobKey(fileId),
        size: total,
        digests,
        createdAt: existing?.createdAt ?? now,
        modifiedAt: now,
        meta: input.meta ?? {},
      };
      const completed = session;
      try {
        await this.storage.blobs.rename(session.blobKey, file.blobKey);
        await this.storage.files.put(file);
        for (const old of new Set([existing?.blobKey, previous?.blobKey]))
          if (old !== undefined && old !== file.blobKey) await this.storage.blobs.delete(old);
        session = await this.storage.sessions.update({ ...transition(session, 'committed', now), fileId });
      } catch (e) {
        // a failing disk: leave the upload committed or open, never stuck half-way
        await this.settleInterruptedCommit(completed).catch(() => undefined);
        throw e;
      }
      this.prefix.drop(id);
      return { session, file };
    } finally {
      release();
    }
  }

  /**
   * A commit that stopped part-way (a crash, a failing disk) left the session `complete` with its
   * file id. If the catalog already holds that file, only the session's last step is missing;
   * if the bytes were moved but not catalogued, they move back so the commit runs again in full.
   */
  private async resumeCommit(session: UploadSession, fileId: string): Promise<CommitResult | undefined> {
    const { blobs, files, sessions } = this.storage;
    const file = await files.getById(fileId);
    const same =
      file?.namespace === session.namespace &&
      file.size === session.total &&
      JSON.stringify(file.digests) === JSON.stringify(session.digests);
    if (file && same && (await blobs.size(session.blobKey)) === undefined) {
      const done = await sessions.update({ ...transition(session, 'committed', this.clock.now()), fileId });
      this.prefix.drop(session.id);
      return { session: done, file };
    }
    if ((await blobs.size(session.blobKey)) === undefined && (await blobs.size(fileBlobKey(fileId))) !== undefined)
      await blobs.rename(fileBlobKey(fileId), session.blobKey);
    return undefined;
  }

  /**
   * Settles every commit a crash interrupted (sessions left `complete`): see
   * settleInterruptedCommit. Run it once when a durable store opens, before serving requests,
   * while no commit can be in flight. Resolves with how many sessions it settled.
   */
  async recoverInterruptedCommits(): Promise<number> {
    let settled = 0;
    for await (const s of this.storage.sessions.list({ states: ['complete'] })) {
      await this.settleInterruptedCommit(s);
      settled++;
    }
    return settled;
  }

  /**
   * A `complete` session whose commit stopped: committed if its file reached the catalog, else
   * back to `open` with every byte (moved back from the file key if needed), so the client's
   * retried final request commits it through its dialect as usual.
   */
  private async settleInterruptedCommit(s: UploadSession): Promise<UploadSession> {
    const finished = s.fileId === undefined ? undefined : await this.resumeCommit(s, s.fileId);
    if (finished) return finished.session;
    const { fileId: _dropped, ...rest } = transition(s, 'open', this.clock.now());
    return this.storage.sessions.update(rest);
  }

  /** Updates dialect metadata with compare-and-set. */
  async updateMeta(id: string, patch: (meta: Readonly<Record<string, unknown>>) => Record<string, unknown>): Promise<UploadSession> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const cur = await this.get(id);
      try {
        return await this.storage.sessions.update({ ...cur, meta: patch(cur.meta), updatedAt: this.clock.now() });
      } catch (e) {
        if (!(e instanceof BusyError)) throw e;
      }
    }
    throw new BusyError(`upload ${id} is too busy`);
  }

  /** Removes a session record and its bytes (not a committed file). */
  async forget(id: string): Promise<void> {
    const s = await this.storage.sessions.get(id);
    if (!s) return;
    if (s.state !== 'committed') await this.storage.blobs.delete(s.blobKey);
    await this.storage.sessions.delete(id);
    this.prefix.drop(id);
  }

  /**
   * One incremental sweep step: expires due sessions (dropping their bytes) and purges terminal
   * records past retention. Visits at most `limit` sessions so no request waits long behind it.
   * Committed files are never touched: their bytes live under file keys, not session keys.
   * Pass the same `sessions` iterator on every step to walk the whole store a slice at a time
   * (it is never closed here; a step that visits fewer than `limit` sessions reached its end).
   */
  async sweep(
    limit = 100,
    sessions: AsyncIterator<UploadSession> = this.storage.sessions.list()[Symbol.asyncIterator](),
  ): Promise<{ expired: number; purged: number; visited: number }> {
    const now = this.clock.now();
    let expired = 0;
    let purged = 0;
    let visited = 0;
    while (visited < limit) {
      const next = await sessions.next();
      if (next.done) break;
      const s = next.value;
      visited++;
      try {
        if (isExpiredAt(s, now)) {
          await this.finish(s, 'expired');
          expired++;
        } else if (
          (s.state === 'aborted' || s.state === 'expired' || s.state === 'committed') &&
          now - s.updatedAt > this.retentionMs
        ) {
          await this.forget(s.id);
          purged++;
        }
      } catch (e) {
        // a long walk sees sessions that were forgotten since it started: nothing left to do
        if (!(e instanceof NotFoundError)) throw e;
      }
    }
    return { expired, purged, visited };
  }
}

/** Adds a part record to a sorted list as the record policy says. */
function withPart(parts: PartRecord[], part: PartRecord | undefined, policy: 'part' | 'coalesce' | 'none'): PartRecord[] {
  if (!part || policy === 'none') return parts;
  if (policy === 'coalesce') {
    const i = parts.findIndex((p) => p.end === part.start);
    const prev = parts[i];
    if (prev) {
      const algs = Object.keys(part.digests) as DigestAlgorithm[];
      const digests: HexDigests = {};
      for (const alg of algs) {
        const x = prev.digests[alg];
        const joined = x === undefined ? undefined : combineHex(alg, x, part.digests[alg]!, part.end - part.start);
        if (joined === undefined) return insertSorted(parts, part);
        digests[alg] = joined;
      }
      if (algs.length === Object.keys(prev.digests).length) {
        const merged = { ...prev, end: part.end, digests, receivedAt: part.receivedAt };
        return [...parts.slice(0, i), merged, ...parts.slice(i + 1)];
      }
    }
  }
  return insertSorted(parts, part);
}

function insertSorted(parts: PartRecord[], part: PartRecord): PartRecord[] {
  let i = parts.length;
  while (i > 0 && parts[i - 1]!.start > part.start) i--;
  return [...parts.slice(0, i), part, ...parts.slice(i)];
}

function conflictOf(session: UploadSession, iv: Interval, clash: Interval): Interval {
  const part = session.parts.find((p) => p.start < iv.end && iv.start < p.end);
  return part ? { start: part.start, end: part.end } : clash;
}
