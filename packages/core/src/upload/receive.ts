import { type DigestAlgorithm, type Hasher, finalDigest } from '../digest/hasher';
import { toHex } from '../digest/encoding';
import { DigestMismatchError, IllegalStateError, InvalidError, LengthMismatchError, RangeNotSatisfiableError, TooLargeError } from '../errors';
import type { Interval } from '../range/interval';
import { type HexDigests, type UploadSession, receivedOf } from '../session/session';
import { SharedPartList } from '../session/part-list';
import { assertLeaseHeld } from '../store/leases';
import { bytesEqual } from '../stream/bytes';
import { idleLimited } from '../stream/idle-limit';
import { checkedBody } from './checked-body';
import { type PlacedBytes, placeBytes } from './staged-write';
import { checkPlacement, checkTotal } from './placement';
import { type RecordOutcome, applyWrite, partFor } from './record';
import type { ExpectedDigest, ReceiveInput } from './types';
import type { Uploads } from './uploads';

/**
 * One write into an upload: lease the interval first (other writers, in this process or
 * another, see it), then read the session and check placement, stream the checked bytes into
 * storage, and record them in one atomic step fenced by the lease.
 */
export async function receive(u: Uploads, id: string, input: ReceiveInput): Promise<RecordOutcome> {
  const { start, end } = input;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start)
    throw new InvalidError(`invalid byte interval [${start}, ${end})`);
  if (end - start > u.maxWriteBytes)
    throw new TooLargeError(`a request may carry at most ${u.maxWriteBytes} bytes here, this one has ${end - start}`, u.maxWriteBytes);
  const iv = { start, end };
  const lease = await u.leases.acquire(id, iv);
  let place: PlacedBytes | undefined;
  let recorded = false;
  let progress: { done(): void } | undefined;
  let namespace: string | undefined;
  try {
    const session = await u.requireActive(id);
    namespace = session.namespace;
    if (session.state !== 'open')
      throw new IllegalStateError(`upload ${id} is ${session.state} and takes no more data`, session.state);
    const total = checkTotal(session, input);
    if (end > total) throw new RangeNotSatisfiableError(`range ends at ${end} beyond the total of ${total}`, total);
    const received = receivedOf(session);
    u.prefix.sync(id, session.rewrites ?? 0);
    const writeFrom = checkPlacement(session, received, iv, input);
    const overlap = input.overlap ?? 'reject';

    // a tracked digest that combines (Adler-32) follows the part's own digest: one pass, not two
    const byPart = session.trackDigests.filter((a) => u.prefix.combines(a) && input.partDigests?.includes(a));
    await u.prefix.resume(id, session.trackDigests, start);
    const tees = u.prefix.teeAt(id, session.trackDigests.filter((a) => !byPart.includes(a)), start);
    const partHashers = new Map<DigestAlgorithm, Hasher>();
    for (const alg of new Set([...(input.partDigests ?? []), ...(input.expect ?? []).map((e) => e.algorithm)]))
      partHashers.set(alg, u.hashers.create(alg));

    const tracked = u.inFlight.begin(id, start, end, u.clock.now());
    progress = tracked;
    const feeders = [...partHashers.values(), ...tees.values(), tracked];
    const stalled = () => new LengthMismatchError(`no body bytes arrived for ${u.bodyIdleTimeoutMs} ms`, end - start, tracked.bytes);
    const source = idleLimited(input.body, u.bodyIdleTimeoutMs, stalled);
    const body = checkedBody({ blobs: u.storage.blobs, blobKey: session.blobKey, start, end, writeFrom, body: source, feeders });
    place = await placeBytes(u, session.blobKey, { start: writeFrom, end }, received, lease.token, body);
    const digests = await verify(partHashers, input.expect ?? []);
    if (place.staged) {
      // overwriting stored bytes: forget what we knew about them before the first byte changes
      await forgetDigests(u, id, iv);
      await place.apply();
    }
    const now = u.clock.now();
    const write = {
      iv,
      writeFrom,
      ...(input.total !== undefined && { total }),
      overlap,
      policy: input.record ?? 'part',
      part: { id: input.partId ?? u.ids.id(12), start, end, digests, receivedAt: now },
      now,
    } as const;
    const change = (cur: UploadSession) => {
      assertLeaseHeld(lease);
      const next = applyWrite(cur, write);
      return input.meta ? { ...next, meta: input.meta(next.meta), updatedAt: now } : next;
    };
    const saved = place.logged
      ? await u.storage.loggedWrites!.modify(id, change, place.logged, lease)
      : await u.composed.modify(id, change, lease);
    recorded = true;
    const part = partFor(saved, write);
    const replayed = writeFrom === end;
    for (const [alg, h] of tees) await u.prefix.advance(id, alg, start, h, end);
    if (!replayed) for (const alg of byPart) await u.prefix.advanceByPart(id, alg, { ...part, start, end, digests });
    // only uploads with whole-file digests need the received set parsed again on this hot path
    const prefixEnd = saved.trackDigests.length > 0 ? receivedOf(saved).prefixLength : 0;
    if (prefixEnd > 0) u.prefix.catchUp(id, saved.trackDigests, prefixEnd, { parts: saved.parts, blobs: u.storage.blobs, blobKey: saved.blobKey });
    if (!replayed) u.emit({ type: 'received', namespace: saved.namespace, bytes: end - writeFrom });
    return { session: saved, part, replayed };
  } catch (e) {
    if (e instanceof DigestMismatchError && namespace !== undefined) u.emit({ type: 'digest-mismatch', namespace });
    if (!recorded) await place?.discard().catch(() => undefined);
    throw e;
  } finally {
    progress?.done();
    await lease.release();
  }
}

async function verify(hashers: Map<DigestAlgorithm, Hasher>, expect: readonly ExpectedDigest[]): Promise<HexDigests> {
  // the event loop serves other requests while a hashing thread finishes this body
  const values = new Map<DigestAlgorithm, Uint8Array>(await Promise.all([...hashers].map(async ([alg, h]) => [alg, await finalDigest(h)] as const)));
  for (const e of expect) {
    const actual = values.get(e.algorithm)!;
    if (!bytesEqual(actual, e.value))
      throw new DigestMismatchError(`${e.algorithm} digest of the body does not match`, e.algorithm, e.value, actual);
  }
  const hex: HexDigests = {};
  for (const [alg, v] of values) hex[alg] = toHex(v);
  return hex;
}

/** Drops part records overlapping iv and resets running digests past its start. */
async function forgetDigests(u: Uploads, id: string, iv: Interval): Promise<void> {
  u.prefix.invalidateFrom(id, iv.start);
  await u.composed.modify(id, (cur) => {
    const parts = SharedPartList.from(cur.parts).without((p) => p.start < iv.end && iv.start < p.end);
    return { ...cur, parts, rewrites: (cur.rewrites ?? 0) + 1 };
  });
}
