import { EosHttpError } from './errors';

const MAX_PATH = 4096;
const MAX_SEGMENT = 255;

/**
 * The namespace path of a request, decoded and checked. It is only ever a catalog name, never a
 * storage path, but anything that could mean another file elsewhere is refused outright: dot
 * segments (also percent-encoded), backslashes, NUL and control characters, empty segments.
 */
export function namespacePath(rawPathname: string, prefix = ''): string {
  const raw = rawPathname.slice(prefix.length);
  if (!raw.startsWith('/eos/') && raw !== '/eos') throw new EosHttpError(404, 'Not Found\n');
  if (raw.length > MAX_PATH) throw new EosHttpError(400, 'Path too long\n');
  const segments = raw.split('/').slice(1);
  const decoded = segments.map((seg, i) => {
    if (seg === '' && i < segments.length - 1) throw new EosHttpError(400, 'Illegal path: empty segment\n');
    let s: string;
    try {
      s = decodeURIComponent(seg);
    } catch {
      throw new EosHttpError(400, 'Illegal path: bad percent-encoding\n');
    }
    if (s === '.' || s === '..') throw new EosHttpError(400, 'Illegal path: dot segment\n');
    if (/[\\\u0000-\u001f\u007f/]/.test(s)) throw new EosHttpError(400, 'Illegal path: forbidden character\n');
    if (new TextEncoder().encode(s).length > MAX_SEGMENT) throw new EosHttpError(400, 'Illegal path: name too long\n');
    return s;
  });
  return `/${decoded.join('/')}`;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
