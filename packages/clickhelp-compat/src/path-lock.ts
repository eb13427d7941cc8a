import type { Uploads } from '@rangeway/core';
import { NAMESPACE } from './placement';

/**
 * Runs `work` holding the path's lock. A second request for a locked path gets the core's
 * in-flight RangeConflictError (409) at once instead of waiting behind the first.
 */
export async function withPathLock<T>(uploads: Uploads, path: string, work: () => Promise<T>): Promise<T> {
  const release = uploads.reservations.reserveAll(`${NAMESPACE}/path/${path}`);
  try {
    return await work();
  } finally {
    release();
  }
}
