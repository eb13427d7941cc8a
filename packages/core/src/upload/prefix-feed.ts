import { type DigestAlgorithm, type Hasher, isDigestAlgorithm } from '../digest/hasher';
import type { TrackedDigest } from '../digest/tracked';
import { feedZeros } from '../digest/zeros';
import type { Interval } from '../range/interval';
import type { IntervalSet } from '../range/interval-set';
import type { PartList } from '../session/part-list';
import type { PartRecord } from '../session/session';
import type { BlobStore } from '../store/blob-store';
import { chunksOf } from '../stream/bytes';
import { zeroRuns } from './combiners';

/** Joins a running hasher with a part whose digest is known, without reading it (Adler-32 only). */
export type DigestCombiner = (prefix: Hasher, part: PartRecord) => Hasher | undefined;

/** A hasher that has seen bytes [0, offset) of an upload. */
export type Prefix = { offset: number; hasher: Hasher };

export type FeedSource = {
  readonly parts: PartList;
  readonly blobs: BlobStore;
  readonly blobKey: string;
  /** what was received; other bytes are holes and read as zeros (default: all received) */
  readonly received?: IntervalSet;
};

/**
 * Moves `prefix` on to `to`: joined from part digests where the algorithm combines, otherwise
 * read back from the blob; holes (never received) are not read but hashed as zeros, in one step
 * where the algorithm has a closed form for them.
 */
export async function feedPrefix(prefix: Prefix, alg: TrackedDigest, to: number, src: FeedSource, combine?: DigestCombiner): Promise<void> {
  while (prefix.offset < to) {
    const part = combine && src.parts.find((p) => p.start === prefix.offset && p.end <= to && p.digests[alg as DigestAlgorithm]);
    const joined = part && combine(prefix.hasher, part);
    if (part && joined) {
      prefix.hasher = joined;
      prefix.offset = part.end;
      continue;
    }
    // read up to the next part boundary we could combine from, or to the end
    const next = combine ? nextCombinable(src.parts, alg as DigestAlgorithm, prefix.offset, to) : to;
    for (const seg of segments(src.received, prefix.offset, next)) {
      const zeroRun = seg.held ? undefined : isDigestAlgorithm(alg) ? zeroRuns[alg] : undefined;
      if (seg.held) await feedStored(prefix.hasher, src, seg);
      else if (zeroRun) prefix.hasher = zeroRun(prefix.hasher, seg.end - seg.start);
      else feedZeros(prefix.hasher, seg.end - seg.start);
    }
    prefix.offset = next;
  }
}

/** Feeds stored bytes: read by the hasher itself where it can reach the blob's file, else streamed. */
async function feedStored(hasher: Hasher, src: FeedSource, range: Interval): Promise<void> {
  const file = hasher.updateFromFile && src.blobs.localFile?.(src.blobKey);
  if (file) return hasher.updateFromFile!(file, range);
  for await (const chunk of chunksOf(await src.blobs.read(src.blobKey, range))) {
    hasher.update(chunk);
    await hasher.ready?.(); // a hasher on another thread takes it in without blocking this one
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

function nextCombinable(parts: PartList, alg: DigestAlgorithm, from: number, total: number): number {
  let next = total;
  for (const p of parts) if (p.start > from && p.start < next && p.digests[alg]) next = p.start;
  return next;
}
