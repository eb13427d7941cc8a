import type { Piece } from './extents';
import type { PartRules } from './object-store';

/** One part of the assembled file: copied server-side from one object, or uploaded from pieces. */
export type PlannedPart =
  | { readonly kind: 'copy'; readonly start: number; readonly end: number; readonly object: string; readonly offset: number }
  | { readonly kind: 'upload'; readonly start: number; readonly end: number; readonly pieces: readonly Piece[] };

/** How a file is made from its pieces: one PutObject (`single`), or a multipart upload. */
export type AssemblyPlan =
  | { readonly kind: 'single'; readonly size: number; readonly pieces: readonly Piece[] }
  | { readonly kind: 'multipart'; readonly size: number; readonly parts: readonly PlannedPart[] };

/**
 * Plans the assembly of a file of `size` bytes from its `pieces` (as `layout` gives them) so that
 * as many bytes as possible are copied server-side (UploadPartCopy) and only runs of small
 * pieces and holes are read and uploaded again.
 *
 * Default rules: a piece with at least `floor` bytes left is copied; smaller pieces gather into an
 * upload part that closes once it reaches `floor`; a large piece that follows a short run lends
 * the run what it lacks from its head and is copied from there. `floor` is S3's minimum part
 * size, raised for very large files so that the plan never needs more than half the allowed
 * parts. With `equalParts` (R2, Garage) every part but the last has one size; a part is copied
 * when it lies inside one piece.
 */
export function planAssembly(pieces: readonly Piece[], size: number, rules: PartRules): AssemblyPlan {
  if (size < rules.minPart) return { kind: 'single', size, pieces: clip(pieces, 0, size) };
  return { kind: 'multipart', size, parts: rules.equalParts ? equalParts(pieces, size, rules) : greedy(pieces, size, rules) };
}

function greedy(pieces: readonly Piece[], size: number, rules: PartRules): PlannedPart[] {
  const floor = Math.max(rules.minPart, Math.ceil(size / Math.floor(rules.maxParts / 2)));
  const parts: PlannedPart[] = [];
  let runStart = 0;
  let cursor = 0;
  const closeRun = () => {
    if (cursor > runStart) parts.push(upload(pieces, runStart, cursor));
    runStart = cursor;
  };
  const copy = (p: Piece, from: number, to: number) => {
    // a copy longer than the largest part is cut into equal parts, each still >= floor
    const n = Math.ceil((to - from) / rules.maxPart);
    for (let k = 0; k < n; k++) {
      const s = from + Math.floor(((to - from) * k) / n);
      const e = from + Math.floor(((to - from) * (k + 1)) / n);
      parts.push({ kind: 'copy', start: s, end: e, object: p.object!, offset: p.offset + (s - p.start) });
    }
    cursor = runStart = to;
  };
  for (const p of clip(pieces, 0, size)) {
    const run = cursor - runStart;
    // the last part may be short: a last piece on its own is copied too
    if (p.object !== undefined && run === 0 && p.end === size) {
      copy(p, p.start, p.end);
      continue;
    }
    if (p.object !== undefined && p.end - p.start >= floor) {
      if (run === 0) {
        copy(p, p.start, p.end);
        continue;
      }
      const lend = Math.max(0, floor - run);
      if (p.end - (p.start + lend) >= floor) {
        cursor = p.start + lend;
        closeRun();
        copy(p, cursor, p.end);
        continue;
      }
    }
    // a small piece, a hole, or a large piece too short to both fill the run and stand alone:
    // into the run, which closes each time it reaches floor
    while (cursor < p.end) {
      cursor = Math.min(p.end, runStart + floor);
      if (cursor - runStart >= floor) closeRun();
    }
  }
  closeRun();
  return parts;
}

function equalParts(pieces: readonly Piece[], size: number, rules: PartRules): PlannedPart[] {
  const partSize = equalPartSize(pieces, size, rules);
  const parts: PlannedPart[] = [];
  for (let start = 0; start < size; start += partSize) {
    const end = Math.min(size, start + partSize);
    const inside = pieces.find((p) => p.object !== undefined && p.start <= start && p.end >= end);
    parts.push(inside ? { kind: 'copy', start, end, object: inside.object!, offset: inside.offset + (start - inside.start) } : upload(pieces, start, end));
  }
  return parts;
}

/** The pieces' own common size when it is a valid part size (Box parts are), else the smallest valid one. */
function equalPartSize(pieces: readonly Piece[], size: number, rules: PartRules): number {
  const least = Math.max(rules.minPart, Math.ceil(size / rules.maxParts));
  const first = pieces.find((p) => p.object !== undefined);
  const common = first ? first.end - first.start : 0;
  const aligned = common >= least && common <= rules.maxPart && pieces.every((p) => p.start % common === 0 && (p.end % common === 0 || p.end === size));
  return aligned ? common : least;
}

function upload(pieces: readonly Piece[], start: number, end: number): PlannedPart {
  return { kind: 'upload', start, end, pieces: clip(pieces, start, end) };
}

/** The pieces restricted to [start, end). */
function clip(pieces: readonly Piece[], start: number, end: number): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const s = Math.max(p.start, start);
    const e = Math.min(p.end, end);
    if (e > s) out.push({ start: s, end: e, offset: p.offset + (s - p.start), ...(p.object !== undefined && { object: p.object }) });
  }
  return out;
}
