/** Which dialect a request path belongs to (for the request log, fault rules and inspection). */
export type DialectName = 'box' | 'eos' | 'deoss' | 'clickhelp' | 'rangeway';

export const DIALECTS: readonly Exclude<DialectName, 'rangeway'>[] = ['box', 'eos', 'deoss', 'clickhelp'];

export function dialectOf(path: string): DialectName | undefined {
  if (path.startsWith('/_rangeway')) return 'rangeway';
  if (path.startsWith('/api/v1/storage')) return 'clickhelp';
  if (path.startsWith('/api/2.0/') || path.startsWith('/2.0/')) return 'box';
  if (path === '/eos' || path.startsWith('/eos/') || path.startsWith('/_eos/')) return 'eos';
  if (/^\/(resume|file|files|object|version)(\/|$)/.test(path)) return 'deoss';
  return undefined;
}
