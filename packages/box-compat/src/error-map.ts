import {
  DigestMismatchError,
  RangeConflictError,
  StorageError,
  type UploadSession,
  isRangewayError,
  toHex,
} from '@rangeway/core';
import { BoxError, sessionExpired } from './box-error';
import { partJson } from './json';
import type { BoxSettings } from './options';

/** Core errors as Box answers them (spec §10 and our documented choices). */
export function toBoxError(e: unknown, s: BoxSettings, session?: UploadSession): BoxError {
  if (e instanceof BoxError) return e;
  if (!isRangewayError(e)) {
    console.error('box: unexpected error', e);
    return new BoxError(500, 'internal_server_error', 'Internal Server Error');
  }
  if (e instanceof RangeConflictError) {
    if (e.inFlight) return new BoxError(409, 'conflict', 'Another request is uploading an overlapping part');
    const part = session?.parts.find((p) => p.start === e.conflicting.start && p.end === e.conflicting.end);
    return new BoxError(416, 'range_overlaps_existing_part', 'Part overlaps with previously uploaded part', {
      conflicting_part: part ? partJson(part) : { offset: e.conflicting.start, size: e.conflicting.end - e.conflicting.start },
    });
  }
  if (e instanceof DigestMismatchError)
    return new BoxError(s.digestMismatchStatus, 'bad_digest', `The SHA-1 of the part does not match its Digest: ${toHex(e.actual)}`);
  if (e instanceof StorageError)
    return e.insufficientSpace
      ? new BoxError(507, 'insufficient_storage', 'The server has no room for this upload')
      : new BoxError(500, 'internal_server_error', 'Internal Server Error');
  switch (e.kind) {
    case 'range-syntax':
    case 'range-not-satisfiable':
      return new BoxError(416, 'range_not_satisfiable', `The Content-Range is not allowed for this session: ${e.message}`);
    case 'length-mismatch':
      return new BoxError(400, 'bad_request', `The body length does not match the Content-Range: ${e.message}`);
    case 'not-found':
    case 'expired':
      return sessionExpired();
    case 'illegal-state':
      return new BoxError(409, 'conflict', 'The upload session is already committed');
    case 'already-exists':
      return new BoxError(409, 'item_name_in_use', 'Item with the same name already exists');
    case 'unauthorized':
      return new BoxError(401, 'unauthorized', 'Unauthorized');
    case 'busy':
      return new BoxError(409, 'conflict', 'The upload session changed concurrently; retry');
    case 'too-large':
      return new BoxError(413, 'request_entity_too_large', `The request body is too large: ${e.message}`);
    default:
      return new BoxError(400, 'bad_request', e.message);
  }
}
