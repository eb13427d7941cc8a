import { noteUpload } from '@rangeway/adapter-kit';
import { type Context, Hono } from 'hono';
import { authenticate } from './auth';
import { bodyError, chunkBody, drainRest } from './body';
import { parseChunkRange } from './content-range';
import { checkCipher } from './cipher';
import { cors } from './cors';
import { DeossError, JSON_TYPE, MSG, envelope, goJson } from './envelope';
import { errorResponse } from './error-map';
import { download, fileOf, metadata, open } from './files';
import { type DeossDialectOptions, settingsOf } from './options';
import { ResumeUploads } from './resume';

export type { DeossDialectOptions } from './options';
export { DEFAULT_VERSION as DEOSS_VERSION, parseTerritory } from './options';
export { addressOf as ss58Address, publicKeyOf as ss58PublicKey } from './ss58';
export { fidOf } from './fid';
export { deossUnavailable } from './unavailable';

/** Every path prefix of the real gateway: unknown routes under them answer like gin. */
const PATHS = ['/resume', '/resume/*', '/file', '/file/*', '/files', '/files/*', '/object', '/object/*', '/version', '/version/*'];

/** gin's router default for an unknown path or method. */
const ginNotFound = (c: Context) => c.body('404 page not found', 404, { 'content-type': 'text/plain' });
/** The path as the client sent it (percent-encoded), fit for a Location header. */
const rawPath = (c: Context) => new URL(c.req.url).pathname;

/**
 * The CESS DeOSS range upload (`PUT /resume/:name` with signed identity headers, 308 progress,
 * fid on the final chunk) and its read-back endpoints (`/file/download`, `/file/open` with
 * Range, `/file/metadata`, `/version`). Mounted at `/`; failures answer in DeOSS's envelope.
 */
export function deossDialect(options: DeossDialectOptions): Hono {
  const s = settingsOf(options);
  const resume = new ResumeUploads(s);
  const storage = s.uploads.storage;

  const app = new Hono();
  app.onError(async (e, c) => {
    // an early answer to a chunk: read the rest of its body first, so the client sees the envelope
    if (c.req.method === 'PUT') await drainRest(c);
    return errorResponse(e, c);
  });
  if (options.vendorCors !== false) for (const path of PATHS) app.use(path, cors);

  app.put('/resume/:name', async (c) => {
    const name = c.req.param('name');
    if (name.includes('/')) return ginNotFound(c); // a %2F: gin routes on the decoded path, which has one segment more
    const account = await authenticate(c, s);
    // a Cipher that cess-go-sdk would refuse is refused before any byte is stored
    const cipher = c.req.header('cipher') || undefined;
    if (cipher !== undefined) checkCipher(cipher);
    const head = parseChunkRange(c.req.header('content-range'));
    const body = chunkBody(c);
    const territory = (c.req.header('territory') ?? '').split(',')[0]!.trim();
    const result = await resume.chunk({ account, name, head, territory, cipher }, body.bytes).catch((e: unknown) => {
      throw bodyError(e, body);
    });
    noteUpload(c, result.uploadId);
    if (!result.done) return c.body('null', 308, { 'content-type': JSON_TYPE, 'content-range': head.header });
    return c.body(envelope(200, MSG.ok, { fid: result.fid }), 200, { 'content-type': JSON_TYPE });
  });

  app.get('/file/download/:fid', async (c) => download(c, storage, await fileOf(storage, c.req.param('fid'))));
  app.get('/file/open/:fid', async (c) => open(c, storage, await fileOf(storage, c.req.param('fid'))));
  app.get('/file/metadata/:fid', async (c) => metadata(c, await fileOf(storage, c.req.param('fid'), new DeossError(403, MSG.notOnChain))));
  app.get('/version', (c) => c.body(goJson(s.version), 200, { 'content-type': JSON_TYPE }));

  for (const path of PATHS)
    app.all(path, (c) => {
      // gin redirects a trailing slash to the path without it: 301 for GET, 307 otherwise
      const bare = c.req.path.replace(/\/+$/, '');
      const method = c.req.method;
      const routed = method === 'PUT' ? /^\/resume\/[^/]+$/ : method === 'GET' ? /^\/file\/(download|open|metadata)\/[^/]+$|^\/version$/ : undefined;
      if (bare !== c.req.path && routed?.test(bare))
        return c.body(null, method === 'GET' ? 301 : 307, { location: rawPath(c).replace(/\/+$/, '') + new URL(c.req.url).search });
      return ginNotFound(c);
    });
  return app;
}
