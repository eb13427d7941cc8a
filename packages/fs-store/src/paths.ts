import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { assertBlobKey } from '@rangeway/core';

/** Where a blob key lives: the core validated it already; re-check so no key can leave `root`. */
export function blobPath(root: string, key: string): string {
  assertBlobKey(key);
  const path = resolve(root, ...key.split('/'));
  if (!path.startsWith(root + sep)) throw new TypeError(`blob key ${key} maps outside the store`);
  return path;
}

/** The key of a blob file path under `root` (inverse of blobPath). */
export function blobKeyOf(root: string, path: string): string {
  return path.slice(root.length + 1).split(sep).join('/');
}

/**
 * The file name of a state record. Identities (session ids, namespaces, file names from requests)
 * are hashed, never used as paths: any string, however long or odd, maps to one flat, fixed-length
 * name inside the record directory.
 */
export function recordFileName(...identity: readonly string[]): string {
  const h = createHash('sha256');
  for (const part of identity) h.update(`${Buffer.byteLength(part)}:${part}`);
  return `${h.digest('hex')}.json`;
}
