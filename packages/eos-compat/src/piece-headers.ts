import { parseDecimal, parseRangeHeader, resolveRanges, parseTypedChecksum } from '@rangeway/core';
import { EosHttpError, ILLEGAL_RANGE } from './errors';

export type Piece = {
  /** half-open interval of the file this piece fills */
  readonly start: number;
  readonly end: number;
  readonly totalsize: number;
  /** `x-upload-done`: only the exact strings `true`/`false` count */
  readonly done: boolean | undefined;
  /** `x-upload-mtime` in seconds (a fractional part is ignored, as the EOS data server does) */
  readonly mtime: number | undefined;
  readonly checksum: { readonly type: string; readonly value: string } | undefined;
};

type Header = (name: string) => string | undefined;

export function parseMtime(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{1,15})(\.\d*)?$/.exec(v);
  if (!m) throw new EosHttpError(400, 'Illegal x-upload-mtime\n');
  return Number(m[1]);
}

/** EOS maps `adler32` to its internal name `adler`; other type names are taken as sent (lower-cased). */
export function checksumType(type: string): string {
  return type === 'adler32' ? 'adler' : type;
}

/**
 * Decodes a range PUT's headers (spec §2, §3.3). Range ends past the total are clipped; a range
 * starting at or past it, an empty file, or several disjoint ranges are refused with 416.
 */
export function parsePiece(header: Header): Piece {
  const raw = header('x-upload-range')!;
  const totalRaw = header('x-upload-totalsize');
  if (totalRaw === undefined) throw new EosHttpError(400, 'x-upload-totalsize is required with x-upload-range\n');
  let totalsize: number;
  try {
    totalsize = parseDecimal(totalRaw, 'x-upload-totalsize');
  } catch {
    throw new EosHttpError(400, 'Illegal x-upload-totalsize\n');
  }
  if (!raw.startsWith('bytes=')) throw ILLEGAL_RANGE();
  let ranges;
  try {
    ranges = resolveRanges(parseRangeHeader(raw), totalsize);
  } catch {
    throw ILLEGAL_RANGE();
  }
  // EOS would write a multi-range body at offset 0; we refuse it (README: deviation)
  if (ranges.length !== 1) throw ILLEGAL_RANGE();
  const doneRaw = header('x-upload-done');
  return {
    start: ranges[0]!.start,
    end: ranges[0]!.end,
    totalsize,
    done: doneRaw === 'true' ? true : doneRaw === 'false' ? false : undefined,
    mtime: parseMtime(header('x-upload-mtime')),
    checksum: pieceChecksum(header),
  };
}

/**
 * Bug-compatible §4.6: EOS does not decode a range sent without `x-upload-totalsize`; the body is
 * written at offset 0 and taken as a complete upload (no truncation: a longer file keeps its tail).
 */
export function unrangedPiece(header: Header, length: number): Piece {
  return { start: 0, end: length, totalsize: length, done: true, mtime: parseMtime(header('x-upload-mtime')), checksum: pieceChecksum(header) };
}

function pieceChecksum(header: Header): Piece['checksum'] {
  const checksum = parseTypedChecksum(header('x-upload-checksum') ?? '');
  return checksum && { type: checksumType(checksum.type), value: checksum.value };
}
