import { NotFoundError, StorageError } from '@rangeway/core';

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

export const isMissing = (e: unknown): boolean => errno(e) === 'ENOENT';

/**
 * Turns a filesystem failure into the core's typed error, so dialects answer it cleanly (507 for
 * a full disk or quota, their "storage" shape otherwise) instead of leaking a raw errno as a 500.
 * Errors that did not come from the filesystem (a client's body stream failing) pass unchanged.
 */
export function storageFailure(e: unknown, what: string): unknown {
  const code = errno(e);
  if (code === undefined || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  if (code === 'ENOENT') return new NotFoundError(`${what}: not found`);
  if (NO_SPACE.has(code)) return new StorageError(`${what}: insufficient storage (${code})`, true, e);
  return new StorageError(`${what}: storage failed (${code})`, false, e);
}

/** Runs a filesystem step, mapping its failure with `storageFailure`. */
export async function fsStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw storageFailure(e, what);
  }
}
