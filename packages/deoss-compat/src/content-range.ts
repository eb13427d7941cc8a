import { MSG, DeossError, illegalRange } from './envelope';

/** `Content-Range: bytes S-E/T` before the end is read; `totalText` is kept literally (part of the upload key). */
export type RangeHead = { readonly start: number; readonly endText: string; readonly total: number; readonly totalText: string; readonly header: string };
/** The whole header, end (inclusive) included. */
export type ChunkRange = RangeHead & { readonly end: number };

const MAX_HEADER = 100;
/** Digits only: signs are refused (Rangeway choice, stricter); leading zeros are fine as in Go. */
const DIGITS = /^\d{1,16}$/;

function number(text: string): number {
  if (!DIGITS.test(text)) throw illegalRange();
  const v = Number(text);
  if (!Number.isSafeInteger(v)) throw illegalRange();
  return v;
}

/**
 * DeOSS's split-based grammar (spec §6 steps 1–4, 6): two space-separated pieces, the first
 * starting with `bytes`, then `S-E/T`. Stricter than the real server: end < total, total > 0.
 * The gap check (start beyond the bytes held) is the upload engine's.
 */
export function parseChunkRange(value: string | undefined): RangeHead {
  if (value === undefined || value === '') throw new DeossError(400, MSG.missingRange);
  if (value.length > MAX_HEADER) throw illegalRange();
  const pieces = value.split(' ');
  if (pieces.length !== 2 || !pieces[0]!.startsWith('bytes')) throw illegalRange();
  const slash = pieces[1]!.split('/');
  if (slash.length !== 2) throw illegalRange();
  const total = number(slash[1]!);
  const dash = slash[0]!.split('-');
  if (dash.length !== 2) throw illegalRange();
  const start = number(dash[0]!);
  return { start, endText: dash[1]!, total, totalText: slash[1]!, header: value };
}

/** Step 6, after the start-of-upload checks: the end must lie in [start, total). */
export function withEnd(range: RangeHead): ChunkRange {
  const end = number(range.endText);
  if (end < range.start || end >= range.total || range.total <= 0) throw illegalRange();
  return { ...range, end };
}
