import { requestOrigin } from '@rangeway/adapter-kit';
import { Hono, type Context } from 'hono';
import { toEosError } from './error-map';
import { EosHttpError, NO_SUCH } from './errors';
import { NAMESPACE, removeEntry } from './files';
import { type EosDialectOptions, resolveOptions, type ResolvedOptions } from './options';
import { namespacePath } from './paths';
import { handlePut } from './put';
import { isDir, makeDir, removeDir } from './dirs';
import { handleGet, handleHead } from './read';
import { move, propfind } from './webdav';
import { Capabilities, DATA_PREFIX } from './redirect';

export type { ChecksumLayout, EosDialectOptions } from './options';
export { NAMESPACE as EOS_NAMESPACE };
export { eosUnavailable } from './unavailable';

/**
 * CERN EOS range PUT (`PUT /eos/<path>` with `x-upload-*` headers), read-back with GET/HEAD and
 * Range, DELETE; optionally through a 307 redirect to a data endpoint, as EOS does.
 */
export function eosDialect(options: EosDialectOptions): Hono {
  const o = resolveOptions(options);
  const caps = new Capabilities(o.uploads.ids, () => o.uploads.clock.now());
  const app = new Hono();

  const serve = (viaRedirect: boolean) => async (c: Context) => {
    const prefix = viaRedirect ? DATA_PREFIX : '';
    const rawPath = new URL(c.req.url).pathname;
    let path = '/eos';
    try {
      // a trailing slash names a directory: EOS cannot PUT one; WebDAV clients send it on the rest
      if (rawPath.endsWith('/') && c.req.method === 'PUT') throw new EosHttpError(501, 'Not Implemented\n');
      path = namespacePath(rawPath.endsWith('/') && rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath, prefix);
      if (viaRedirect) {
        if (!caps.valid(c.req.query('encURI'), path)) throw new EosHttpError(403, `Unable to access - invalid capability; ${path}\n`);
      } else authorize(c, o, path);
      const method = c.req.method;
      if (!viaRedirect && o.redirect && (method === 'PUT' || method === 'GET')) return redirect(c, o, caps, path);
      switch (method) {
        case 'PUT':
          return await handlePut(c, o, path);
        case 'GET':
          return await handleGet(c, o.uploads, path);
        case 'HEAD':
          return await handleHead(c, o.uploads, path);
        case 'DELETE':
          return await remove(o, path);
        case 'MKCOL':
          return await makeDir(o.uploads, path);
        case 'PROPFIND':
          return await propfind(c, o.uploads, path);
        case 'MOVE':
          return await move(c, o.uploads, path);
        case 'OPTIONS':
          return new Response(null, { headers: { dav: '1,2', allow: ALLOW, 'content-length': '0' } });
        default:
          throw new EosHttpError(405, 'Method Not Allowed\n');
      }
    } catch (e) {
      return toEosError(e, path).toResponse(c.req.method === 'HEAD');
    }
  };

  for (const p of ['/eos', '/eos/*']) app.all(p, serve(false));
  // the data-server paths, also the ones no client is sent to: EOS's answer (a capability is missing)
  for (const p of [`${DATA_PREFIX}/eos/*`, '/_eos', '/_eos/*']) app.all(p, serve(true));
  return app;
}

/** What EOS's namespace server says it allows (its OPTIONS answer). */
const ALLOW = 'OPTIONS,GET,HEAD,PUT,DELETE,TRACE,PROPFIND,PROPPATCH,MKCOL,COPY,MOVE,LOCK,UNLOCK';

/** DELETE: a file (or one being written), or a directory with everything below it; 204. */
async function remove(o: ResolvedOptions, path: string): Promise<Response> {
  if (path === '/eos') throw new EosHttpError(403, 'Permission denied: the root cannot be removed\n');
  if (await removeEntry(o.uploads, path)) return new Response(null, { status: 204 });
  if (!(await isDir(o.uploads, path))) throw new EosHttpError(404, NO_SUCH);
  await removeDir(o.uploads, path);
  return new Response(null, { status: 204 });
}

/** Optional strict mode (spec §9): a configured bearer token, as header or `authz=`; 403 otherwise. */
function authorize(c: Context, o: ResolvedOptions, path: string): void {
  if (o.tokens.length === 0) return;
  const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const query = c.req.query('authz');
  if (bearer !== undefined && query !== undefined) throw new EosHttpError(400, 'conflicting authorization info present\n');
  const token = bearer ?? query;
  if (token === undefined || !o.tokens.includes(token)) throw new EosHttpError(403, `Unable to access - permission denied; ${path}\n`);
}

/** The namespace server's hand-off (spec §1): 307 to the data endpoint, before reading any body. */
function redirect(c: Context, o: ResolvedOptions, caps: Capabilities, path: string): Response {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const location = `${requestOrigin(c, o)}${DATA_PREFIX}${encoded}?encURI=${caps.issue(path)}`;
  const internal = `/internal_redirect/${location.replace(/^https?:\/\//, '')}`;
  return new Response(null, {
    status: 307,
    headers: { location, 'x-accel-redirect': internal, 'x-sendfile': internal, 'content-length': '0' },
  });
}
