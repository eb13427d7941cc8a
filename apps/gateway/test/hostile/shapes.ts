/**
 * Each dialect's answer shape, as its clients parse it: a check returns what is off, or
 * undefined. The gateway's own `{"error", "message"}` shape is never right under a dialect's paths.
 */
type Check = (res: Response, text: string, method: string) => string | undefined;

const json = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const generic = (text: string) => {
  const v = json(text);
  return isObject(v) && 'error' in v && 'message' in v && Object.keys(v).length === 2 ? 'the gateway shape, not the dialect one' : undefined;
};

export const SHAPES: Record<'box' | 'eos' | 'deoss' | 'clickhelp', Check> = {
  box: (res, text, method) => {
    if (res.status < 400 || method === 'HEAD' || text === '') return undefined;
    const v = json(text);
    return isObject(v) && v.type === 'error' && v.status === res.status && typeof v.code === 'string' ? undefined : 'not a Box error object';
  },
  eos: (_res, text) => generic(text),
  deoss: (res, text) => {
    if (!res.headers.get('content-type')?.includes('json')) return res.status >= 400 ? generic(text) : undefined;
    const v = json(text);
    if (!isObject(v) || !('code' in v) || !('msg' in v)) return res.status >= 400 ? 'not a DeOSS envelope' : undefined;
    return v.code === 500 ? 'envelope code 500' : undefined;
  },
  clickhelp: (res, text, method) => {
    if (res.status < 400 || method === 'HEAD' || text === '') return undefined;
    const v = json(text);
    return isObject(v) && typeof v.message === 'string' && !('error' in v) ? undefined : 'not a ClickHelp error object';
  },
};

/**
 * A 5xx for client input. The one exception is 501 Not Implemented where the vendor documents it
 * for a method or path it does not implement (ClickHelp: other methods and DELETE; EOS: a path
 * ending in /), which says nothing against the client and which clients do not retry.
 */
export function serverError(dialect: string | undefined, status: number): boolean {
  if (status < 500) return false;
  return !(status === 501 && (dialect === 'clickhelp' || dialect === 'eos'));
}
