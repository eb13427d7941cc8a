/**
 * Typed domain errors. The core throws only these; every dialect maps them onto its own
 * vendor error shape, so the mapping is a switch over `kind`, never string matching.
 */
export type Interval = { readonly start: number; readonly end: number };

export type RangewayErrorKind =
  | 'invalid'
  | 'range-syntax'
  | 'range-not-satisfiable'
  | 'range-conflict'
  | 'range-mismatch'
  | 'length-mismatch'
  | 'digest-mismatch'
  | 'not-found'
  | 'expired'
  | 'too-large'
  | 'unauthorized'
  | 'forbidden'
  | 'already-exists'
  | 'illegal-state'
  | 'busy'
  | 'incomplete'
  | 'storage';

export abstract class RangewayError extends Error {
  abstract readonly kind: RangewayErrorKind;
  override get name(): string {
    return this.constructor.name;
  }
}

/** A value from a request is malformed or out of bounds. */
export class InvalidError extends RangewayError {
  readonly kind = 'invalid';
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

/** A range header (Content-Range, Range, x-upload-range…) does not parse. */
export class RangeSyntaxError extends RangewayError {
  readonly kind = 'range-syntax';
  constructor(message: string, readonly header?: string) {
    super(message);
  }
}

/** A well-formed range that lies outside what the resource or the session allows. */
export class RangeNotSatisfiableError extends RangewayError {
  readonly kind = 'range-not-satisfiable';
  constructor(message: string, readonly size?: number) {
    super(message);
  }
}

/** The range overlaps bytes already stored (or being stored); carries the conflicting interval. */
export class RangeConflictError extends RangewayError {
  readonly kind = 'range-conflict';
  constructor(
    message: string,
    readonly conflicting: Interval,
    /** true when the conflict is with a write still in flight, not with stored bytes */
    readonly inFlight = false,
  ) {
    super(message);
  }
}

/** The range does not start where the session expects (sequential dialects). */
export class RangeMismatchError extends RangewayError {
  readonly kind = 'range-mismatch';
  constructor(
    message: string,
    readonly expectedStart: number,
    readonly actualStart: number,
  ) {
    super(message);
  }
}

/** The body carried more or fewer bytes than declared. */
export class LengthMismatchError extends RangewayError {
  readonly kind = 'length-mismatch';
  constructor(
    message: string,
    readonly expected: number,
    /** bytes actually seen; for "too long" this is at least expected + 1 */
    readonly actual: number,
  ) {
    super(message);
  }
}

/** A digest sent by the client does not match the bytes. Values are raw digest bytes. */
export class DigestMismatchError extends RangewayError {
  readonly kind = 'digest-mismatch';
  constructor(
    message: string,
    readonly algorithm: string,
    readonly expected: Uint8Array,
    readonly actual: Uint8Array,
  ) {
    super(message);
  }
}

export class NotFoundError extends RangewayError {
  readonly kind = 'not-found';
}

export class ExpiredError extends RangewayError {
  readonly kind = 'expired';
  constructor(
    message: string,
    readonly expiredAt: number,
  ) {
    super(message);
  }
}

export class TooLargeError extends RangewayError {
  readonly kind = 'too-large';
  constructor(
    message: string,
    readonly limit: number,
  ) {
    super(message);
  }
}

export class UnauthorizedError extends RangewayError {
  readonly kind = 'unauthorized';
}

export class ForbiddenError extends RangewayError {
  readonly kind = 'forbidden';
}

export class AlreadyExistsError extends RangewayError {
  readonly kind = 'already-exists';
}

/** An operation that the session's state does not allow (e.g. writing after commit). */
export class IllegalStateError extends RangewayError {
  readonly kind = 'illegal-state';
  constructor(
    message: string,
    readonly state: string,
  ) {
    super(message);
  }
}

/** A concurrent update won; the caller may retry. */
export class BusyError extends RangewayError {
  readonly kind = 'busy';
}

/** Completion was asked for while bytes are still missing. */
export class IncompleteError extends RangewayError {
  readonly kind = 'incomplete';
  constructor(
    message: string,
    readonly missing: readonly Interval[],
  ) {
    super(message);
  }
}

/** The storage back end failed (disk full, permission…). `insufficientSpace` lets dialects answer 507. */
export class StorageError extends RangewayError {
  readonly kind = 'storage';
  constructor(
    message: string,
    readonly insufficientSpace = false,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function isRangewayError(e: unknown): e is RangewayError {
  return e instanceof RangewayError;
}
