import { type RangewayError, isRangewayError } from '@rangeway/core';
import type { Context } from 'hono';
import { ClickhelpError, JSON_TYPE } from './http-error';

/** Core error kinds onto ClickHelp's documented statuses (no 413/416/507 in its list). */
function fromCore(e: RangewayError): ClickhelpError {
  switch (e.kind) {
    case 'invalid':
    case 'range-syntax':
    case 'range-not-satisfiable':
    case 'length-mismatch':
    case 'digest-mismatch':
    case 'too-large':
      return new ClickhelpError(400, e.message);
    case 'not-found':
    case 'expired':
      return new ClickhelpError(404, 'There is no unfinished resumable upload for this path.');
    case 'unauthorized':
      return new ClickhelpError(401, e.message, { 'www-authenticate': 'Basic realm="ClickHelp"' });
    case 'forbidden':
      return new ClickhelpError(403, e.message);
    case 'range-conflict':
      return new ClickhelpError(409, 'inFlight' in e && e.inFlight ? 'Another request is uploading to this path right now.' : e.message);
    case 'range-mismatch':
    case 'already-exists':
    case 'illegal-state':
    case 'busy':
    case 'incomplete':
      return new ClickhelpError(409, e.message);
    case 'storage':
      return new ClickhelpError(500, 'The storage failed; try again later.');
  }
}

export function toClickhelpError(e: unknown): ClickhelpError {
  if (e instanceof ClickhelpError) return e;
  if (isRangewayError(e)) return fromCore(e);
  return new ClickhelpError(500, 'Internal server error.');
}

/** The sub-app's onError: every failure leaves in the ClickHelp error shape. */
export function errorResponse(e: unknown, c: Context): Response {
  const err = toClickhelpError(e);
  // a 500 is a server-side fault (storage, or a bug): the operator needs the cause, the client does not
  if (err.status === 500) console.error('rangeway clickhelp:', e);
  return c.body(JSON.stringify({ message: err.message }), err.status, { ...err.headers, 'content-type': JSON_TYPE });
}
