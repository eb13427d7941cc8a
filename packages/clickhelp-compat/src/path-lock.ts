import { type Uploads, WHOLE, withLease } from '@rangeway/core';
import { NAMESPACE } from './placement';

/**
 * Runs `work` holding the path's lock. A second request for a locked path gets the core's
 * in-flight RangeConflictError (409) at once instead of waiting behind the first.
 */
export async function withPathLock<T>(uploads: Uploads, path: string, work: () => Promise<T>): Promise<T> {
  return withLease(uploads.leases, `${NAMESPACE}/path/${path}`, WHOLE, work);
}
