import { InvalidError, RangeConflictError, RangeMismatchError } from '../errors';
import type { Interval } from '../range/interval';
import type { IntervalSet } from '../range/interval-set';
import { type UploadSession, receivedOf } from '../session/session';
import type { ReceiveInput } from './types';

/** The total a write may fill up to: the declared one, or the one this request fixes. */
export function checkTotal(session: UploadSession, input: ReceiveInput): number {
  if (input.total === undefined) return session.total ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(input.total) || input.total < 0) throw new InvalidError(`invalid total ${input.total}`);
  if (session.total !== undefined && session.total !== input.total)
    throw new InvalidError(`total ${input.total} differs from the declared ${session.total}`, 'total');
  const held = receivedOf(session).highWater;
  if (input.total < held) throw new InvalidError(`total ${input.total} is below the ${held} bytes already held`, 'total');
  return input.total;
}

/** Applies the ordering and overlap policies; returns where new bytes start (end = nothing new). */
export function checkPlacement(session: UploadSession, received: IntervalSet, iv: Interval, input: ReceiveInput): number {
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

function conflictOf(session: UploadSession, iv: Interval, clash: Interval): Interval {
  const part = session.parts.find((p) => p.start < iv.end && iv.start < p.end);
  return part ? { start: part.start, end: part.end } : clash;
}
