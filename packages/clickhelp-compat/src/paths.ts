import { badRequest } from './http-error';

export const STORAGE_PREFIX = '/api/v1/storage';
const MAX_PATH_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;
// C0 and C1 controls, DEL
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * The storage path of a request URL (relative to the Storage root, `/`-separated), or '' for the
 * root itself. Percent-escapes are decoded exactly once; the result must then be a plain
 * relative path: no empty, `.` or `..` segments, no backslashes or control characters, bounded
 * lengths. Paths only ever become catalog names (blob keys are generated ids), so nothing a
 * client sends can reach outside the storage root.
 */
export function storagePath(url: string): string {
  const pathname = new URL(url).pathname;
  const raw = pathname.slice(STORAGE_PREFIX.length).replace(/^\//, '');
  if (raw === '') return '';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw badRequest('The file path has a malformed percent-escape.');
  }
  if (utf8Length(path) > MAX_PATH_BYTES) throw badRequest(`The file path is longer than ${MAX_PATH_BYTES} bytes.`);
  if (CONTROL.test(path)) throw badRequest('The file path contains control characters.');
  if (path.includes('\\')) throw badRequest('The file path contains a backslash; separate folders with "/".');
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') throw badRequest('The file path has an empty, "." or ".." segment.');
    if (utf8Length(seg) > MAX_SEGMENT_BYTES) throw badRequest(`A file path segment is longer than ${MAX_SEGMENT_BYTES} bytes.`);
  }
  return path;
}

/** A path that must name a file or folder (not the root). */
export function requireNamed(path: string): string {
  if (path === '') throw badRequest('The request needs a file path after /api/v1/storage/.');
  return path;
}

/** `Storage\folder\file.ext`: the documented full name, root folder included, backslashes. */
export const fullNameOf = (path: string) => ['Storage', ...path.split('/')].join('\\');

export const baseNameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The proper ancestors of a path: `a/b/c` → `a`, `a/b`. */
export function ancestorsOf(path: string): string[] {
  const segs = path.split('/');
  return segs.slice(1).map((_, i) => segs.slice(0, i + 1).join('/'));
}
