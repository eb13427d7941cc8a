import { noteUpload } from '@rangeway/adapter-kit';
import { toHex } from '@rangeway/core';
import { type Context, Hono } from 'hono';
import { BoxError, errorBody, notFound } from './box-error';
import { commitSession } from './commit';
import { toBoxError } from './error-map';
import { deleteFile, download, getContent, getFile } from './files';
import { folderItems } from './folders';
import { preflightUpload, uploadFile } from './upload-file';
import { type BoxDialectOptions, settingsOf } from './options';
import { listParts, uploadPart } from './parts';
import { authorize } from './requests';
import { abortSession, createSession, getSession } from './sessions';

export type { BoxDialectOptions } from './options';
export { NAMESPACE as BOX_NAMESPACE } from './sessions';
export { boxUnavailable } from './unavailable';

/** Box's prefixes: the documented upload base and the `/2.0` alias some samples use. */
const BASES = ['/api/2.0', '/2.0'] as const;

/**
 * Box chunked upload sessions: create (new file or version), get, upload part, list parts,
 * commit, abort; plus the committed file's object, its download (302 to a URL serving the bytes,
 * with Range) and deletion.
 */
export function boxDialect(options: BoxDialectOptions): Hono {
  const s = settingsOf(options);
  const app = new Hono();
  for (const base of BASES) {
    const r = new Hono();
    // the download URL a 302 points to carries its own signature, not the bearer token
    r.get('/files/:id/content/download', (c) => download(c, s));
    r.use('*', async (c, next) => {
      authorize(c, s);
      await next();
    });
    // a Box session's id is the engine's: the path names the upload of every session call
    r.use('/files/upload_sessions/:id/*', async (c, next) => (noteUpload(c, c.req.param('id')!), next()));
    r.use('/files/upload_sessions/:id', async (c, next) => (noteUpload(c, c.req.param('id')!), next()));
    r.post('/files/upload_sessions', (c) => createSession(c, s, base));
    r.get('/files/upload_sessions/:id', (c) => getSession(c, s, base));
    r.put('/files/upload_sessions/:id', (c) => uploadPart(c, s));
    r.delete('/files/upload_sessions/:id', (c) => abortSession(c, s));
    r.get('/files/upload_sessions/:id/parts', (c) => listParts(c, s));
    r.post('/files/upload_sessions/:id/commit', (c) => commitSession(c, s));
    r.post('/files/:fileId/upload_sessions', (c) => createSession(c, s, base, c.req.param('fileId')));
    r.get('/files/:id/content', (c) => getContent(c, s, base));
    r.post('/files/content', (c) => uploadFile(c, s));
    r.post('/files/:id/content', (c) => uploadFile(c, s, c.req.param('id')));
    r.options('/files/content', (c) => preflightUpload(c, s));
    r.options('/files/:id/content', (c) => preflightUpload(c, s, c.req.param('id')));
    r.get('/files/:id', (c) => getFile(c, s));
    r.get('/folders/:id/items', (c) => folderItems(c, s));
    r.delete('/files/:id', (c) => deleteFile(c, s));
    r.all('/files/upload_sessions/*', () => {
      throw new BoxError(405, 'method_not_allowed', 'Method Not Allowed');
    });
    // anything else under the API base is Box's 404, in Box's error shape
    r.all('*', () => {
      throw notFound('resource');
    });
    r.onError((e, c) => respond(c, toBoxError(e, s), s));
    app.route(base, r);
  }
  return app;
}

function respond(c: Context, e: BoxError, s: ReturnType<typeof settingsOf>): Response {
  if (e.status === 401) return c.body(null, 401, e.headers); // Box's 401 has no body: WWW-Authenticate says why
  const requestId = toHex(s.uploads.ids.bytes(6));
  return c.json(errorBody(e, requestId), e.status as 400, e.headers);
}
