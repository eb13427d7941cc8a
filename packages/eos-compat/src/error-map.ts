import { StorageError, isRangewayError } from '@rangeway/core';
import { EosHttpError, ILLEGAL_RANGE, LENGTH_MISMATCH, NO_SUCH, WRITE_ERROR } from './errors';

/** Any failure as the answer EOS would give: its status codes, its one-line text bodies. */
export function toEosError(e: unknown, path: string): EosHttpError {
  if (e instanceof EosHttpError) return e;
  if (!isRangewayError(e)) {
    console.error('eos: unexpected error', e);
    return WRITE_ERROR();
  }
  switch (e.kind) {
    case 'length-mismatch':
      return LENGTH_MISMATCH();
    case 'range-syntax':
    case 'range-not-satisfiable':
      return ILLEGAL_RANGE();
    case 'range-conflict':
    case 'busy':
    case 'already-exists':
      return new EosHttpError(409, `Unable to write - resource busy; ${path}\n`);
    case 'invalid':
      return new EosHttpError(400, `${e.message}\n`);
    case 'too-large':
      return new EosHttpError(413, `Unable to write - ${e.message}; ${path}\n`);
    case 'not-found':
    case 'expired':
      return new EosHttpError(404, NO_SUCH);
    case 'unauthorized':
    case 'forbidden':
      return new EosHttpError(403, `Unable to access - permission denied; ${path}\n`);
    case 'storage':
      return e instanceof StorageError && e.insufficientSpace ? new EosHttpError(507, `Unable to write - no space left on device; ${path}\n`) : WRITE_ERROR();
    default:
      console.error('eos: unexpected error', e);
      return WRITE_ERROR();
  }
}
