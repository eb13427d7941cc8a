import { type LengthMismatchError, type RangewayError, isRangewayError } from '@rangeway/core';
import type { Context } from 'hono';
import { DeossError, JSON_TYPE, MSG, envelope, illegalRange, noPermission, systemError } from './envelope';

/** Core error kinds onto the DeOSS envelope messages of spec §6–§7. */
function fromCore(e: RangewayError): DeossError {
  switch (e.kind) {
    case 'invalid':
    case 'range-syntax':
    case 'range-not-satisfiable':
    case 'range-mismatch':
    case 'not-found':
    case 'expired':
    case 'illegal-state':
    case 'incomplete':
    case 'digest-mismatch':
    case 'too-large':
      return illegalRange();
    case 'range-conflict':
      // a concurrent request for the same upload; or resent bytes that differ from the stored ones
      return 'inFlight' in e && e.inFlight ? new DeossError(403, MSG.serverBusy) : illegalRange();
    case 'busy':
      return new DeossError(403, MSG.serverBusy);
    case 'length-mismatch': {
      const { actual, expected } = e as LengthMismatchError;
      return new DeossError(400, actual > expected ? MSG.moreContent : MSG.lessContent);
    }
    case 'unauthorized':
    case 'forbidden':
      return noPermission();
    case 'already-exists':
    case 'storage':
      return systemError();
  }
}

export function toDeossError(e: unknown): DeossError {
  if (e instanceof DeossError) return e;
  if (isRangewayError(e)) return fromCore(e);
  return systemError();
}

/** The sub-app's onError: every failure leaves as an HTTP 200 envelope. */
export function errorResponse(e: unknown, c: Context): Response {
  const err = toDeossError(e);
  // a system error is a server-side fault (storage, or a bug): the operator needs the cause
  if (err.code === 500 && !(e instanceof DeossError)) console.error('rangeway deoss:', e);
  return c.body(envelope(err.code, err.msg), 200, { 'content-type': JSON_TYPE });
}
