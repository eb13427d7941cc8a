import type { DigestAlgorithm, HasherFactory } from '../digest/hasher';
import { isTrackedDigest, type TrackedDigest } from '../digest/tracked';
import { BusyError, ExpiredError, InvalidError, NotFoundError } from '../errors';
import { type Clock, type IdSource, randomIds, systemClock } from '../session/clock';
import { type UploadSession, isExpiredAt, isTerminal, transition } from '../session/session';
import { type ComposedStorage, composeStorage } from '../store/compose';
import type { Leases } from '../store/leases';
import type { Storage } from '../store/storage';
import { defaultCombiners } from './combiners';
import { commit, digestOf, recoverInterruptedCommits, settleIfInterrupted } from './commit';
import type { UploadEventListener } from './events';
import { InFlightWrites } from './in-flight';
import { type DigestCombiner, PrefixDigests } from './prefix-digests';
import { receive } from './receive';
import { type SweepResult, sweep } from './sweep';
import type { CommitInput, CommitResult, CreateUploadInput, ReceiveInput, ReceiveResult } from './types';

export { fileBlobKey } from './commit';

export type UploadsOptions = {
  readonly storage: Storage;
  readonly hashers: HasherFactory;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** ways to join a running whole-file digest with a part digest without reading the part */
  readonly combiners?: Partial<Record<DigestAlgorithm, DigestCombiner>>;
  /** how long aborted/expired/committed session records are kept for inspection before sweeping */
  readonly retentionMs?: number;
  /**
   * A request body that gives no bytes for this long is aborted (LengthMismatchError), its lease
   * released and nothing of it recorded; 0 = never. Default 60 s.
   */
  readonly bodyIdleTimeoutMs?: number;
  /**
   * The most bytes one write may carry (a platform's request body limit, e.g. a Worker's plan):
   * a larger one is TooLargeError before its body is read. Default: no limit.
   */
  readonly maxWriteBytes?: number;
  /** told what the engine did (uploads created, bytes recorded, commits…), for metrics */
  readonly events?: UploadEventListener;
};

const uploadBlobKey = (id: string) => `uploads/${id}`;

/**
 * The dialect-neutral upload engine: sessions, leased streaming writes (receive.ts), length and
 * digest checks, incremental whole-file digests, commit into the file catalog (commit.ts), abort
 * and expiry (sweep.ts). Dialects translate their protocol onto these calls and map the typed
 * errors back. Nothing here assumes one process: leases, atomic session changes and due-session
 * claims come from the store (store/compose.ts fills them in for single-process stores).
 */
export class Uploads {
  readonly storage: Storage;
  readonly hashers: HasherFactory;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** interval leases per upload id; dialects also lease their own keys (a path, an upload key) */
  readonly leases: Leases;
  /** the store with its optional capabilities filled in */
  readonly composed: ComposedStorage;
  /** writes whose bodies are arriving in this process, for progress displays */
  readonly inFlight = new InFlightWrites();
  /** running whole-file digests (engine-internal) */
  readonly prefix: PrefixDigests;
  private readonly retentionMs: number;
  readonly bodyIdleTimeoutMs: number;
  readonly maxWriteBytes: number;
  readonly emit: UploadEventListener;

  constructor(options: UploadsOptions) {
    this.storage = options.storage;
    this.hashers = options.hashers;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.composed = composeStorage(options.storage);
    this.leases = this.composed.leases;
    this.prefix = new PrefixDigests(options.hashers, options.combiners ?? defaultCombiners, options.storage.checkpoints);
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
    this.bodyIdleTimeoutMs = options.bodyIdleTimeoutMs ?? 60_000;
    this.maxWriteBytes = options.maxWriteBytes ?? Number.POSITIVE_INFINITY;
    this.emit = options.events ?? (() => undefined);
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
    const created = await this.storage.sessions.create(session);
    this.emit({ type: 'created', namespace: input.namespace });
    return created;
  }

  /** The session in any state; expires it first when its time has come. NotFoundError if absent. */
  async get(id: string): Promise<UploadSession> {
    const s = await this.storage.sessions.get(id);
    if (!s) throw new NotFoundError(`no upload ${id}`);
    return isExpiredAt(s, this.clock.now()) ? this.expire(s) : s;
  }

  async getByKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const s = await this.storage.sessions.getByKey(namespace, key);
    return s && isExpiredAt(s, this.clock.now()) ? this.expire(s) : s;
  }

  /** The session if it can still take writes or a commit; typed errors otherwise. */
  async requireActive(id: string): Promise<UploadSession> {
    const s = await this.get(id);
    if (s.state === 'expired') throw new ExpiredError(`upload ${id} expired`, s.expiresAt ?? s.updatedAt);
    if (s.state === 'aborted') throw new NotFoundError(`upload ${id} was aborted`);
    return s;
  }

  /** Expires a due session, dropping its bytes. */
  expire(s: UploadSession): Promise<UploadSession> {
    return this.finish(s.id, 'expired');
  }

  async abort(id: string): Promise<UploadSession> {
    const s = await this.get(id);
    if (isTerminal(s.state)) return s;
    return this.finish(id, 'aborted');
  }

  /** Moves a session to a terminal state without a commit, dropping its bytes. */
  private async finish(id: string, to: 'expired' | 'aborted'): Promise<UploadSession> {
    let moved = false;
    const done = await this.composed.modify(id, (cur) => {
      if (isTerminal(cur.state)) return cur; // another request or sweeper got there first
      moved = true;
      return transition(cur, to, this.clock.now());
    });
    if (moved) {
      this.emit({ type: to, namespace: done.namespace });
      this.prefix.drop(id);
      await this.storage.blobs.delete(done.blobKey);
    }
    return done;
  }

  /** Streams one write into the upload. See ReceiveInput for the policies. */
  receive(id: string, input: ReceiveInput): Promise<ReceiveResult> {
    return receive(this, id, input);
  }

  /**
   * Whole-file digest of a fully received upload; no write may be in flight. With `size`, the
   * digest covers exactly that many stored bytes, missing ranges reading as zeros.
   */
  digestOf(session: UploadSession, alg: TrackedDigest, size?: number): Promise<Uint8Array> {
    return digestOf(this, session, alg, size);
  }

  /** Verifies and commits a fully received upload into the file catalog. */
  commit(id: string, input: CommitInput): Promise<CommitResult> {
    return commit(this, id, input);
  }

  /**
   * Settles every commit a crash interrupted (sessions left `complete` whose commit no live
   * process holds). Run it when a durable store opens. Resolves with how many it settled.
   */
  recoverInterruptedCommits(): Promise<number> {
    return recoverInterruptedCommits(this);
  }

  /** Settles one session whose commit was interrupted, if nobody holds its lease (see settleIfInterrupted). */
  settleInterrupted(id: string): Promise<boolean> {
    return settleIfInterrupted(this, id);
  }

  /**
   * The session of a key as a request may use it: a commit that a crash interrupted (here or on
   * another instance) is settled first, so it is committed or open again with every byte; one
   * whose commit is still in flight is BusyError, for the client to retry. Dialects look their
   * sessions up through this, never acting on a `complete` one themselves.
   */
  async byKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const session = await this.getByKey(namespace, key);
    if (session?.state !== 'complete') return session;
    if (!(await this.settleInterrupted(session.id))) throw new BusyError(`upload ${session.id} is being committed`);
    return this.storage.sessions.get(session.id);
  }

  /** Updates dialect metadata in one atomic step. */
  updateMeta(id: string, patch: (meta: Readonly<Record<string, unknown>>) => Record<string, unknown>): Promise<UploadSession> {
    return this.composed.modify(id, (cur) => ({ ...cur, meta: patch(cur.meta), updatedAt: this.clock.now() }));
  }

  /** Removes a session record and its bytes (not a committed file). */
  async forget(id: string): Promise<void> {
    const s = await this.storage.sessions.get(id);
    if (!s) return;
    if (s.state !== 'committed') await this.storage.blobs.delete(s.blobKey);
    await this.storage.sessions.delete(id);
    this.prefix.drop(id);
  }

  /** One incremental expiry and purge step; see sweep.ts. */
  sweep(
    limit = 100,
    sessions: AsyncIterator<UploadSession> = this.storage.sessions.list()[Symbol.asyncIterator](),
  ): Promise<SweepResult> {
    return sweep(this, limit, sessions, this.retentionMs);
  }
}
