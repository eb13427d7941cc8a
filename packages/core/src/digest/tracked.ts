import { type DigestAlgorithm, type Hasher, type HasherFactory, isDigestAlgorithm } from './hasher';
import { SegmentTreeHasher } from './segment-tree';

/** A segment tree over `segmentSize`-byte segments, named `tree:<algorithm>:<segmentSize>`. */
export type SegmentTreeDigest = `tree:${DigestAlgorithm}:${number}`;

/**
 * A whole-file digest the engine can keep up to date while bytes stream in: a plain algorithm, or
 * a segment tree of one (content ids of storage networks), so that neither needs a second read
 * of the file when the parts arrived in order.
 */
export type TrackedDigest = DigestAlgorithm | SegmentTreeDigest;

const TREE = /^tree:([a-z0-9]+):([1-9]\d{0,15})$/;

export function segmentTreeDigest(algorithm: DigestAlgorithm, segmentSize: number): SegmentTreeDigest {
  if (!Number.isSafeInteger(segmentSize) || segmentSize <= 0) throw new RangeError(`bad segment size: ${segmentSize}`);
  return `tree:${algorithm}:${segmentSize}`;
}

export function isTrackedDigest(value: unknown): value is TrackedDigest {
  if (isDigestAlgorithm(value)) return true;
  const m = typeof value === 'string' ? TREE.exec(value) : null;
  return m !== null && isDigestAlgorithm(m[1]) && Number.isSafeInteger(Number(m[2]));
}

/** A fresh hasher for a tracked digest. */
export function trackedHasher(factory: HasherFactory, digest: TrackedDigest): Hasher {
  if (isDigestAlgorithm(digest)) return factory.create(digest);
  const m = TREE.exec(digest);
  if (!m || !isDigestAlgorithm(m[1])) throw new TypeError(`unknown tracked digest ${String(digest)}`);
  return new SegmentTreeHasher({ segmentSize: Number(m[2]), factory, algorithm: m[1] });
}
