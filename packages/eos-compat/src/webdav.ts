import { type Uploads, stripLeadingZeros } from '@rangeway/core';
import type { Context } from 'hono';
import { etagOf } from './checksum';
import { type Child, children, dirProps, dirRecord, isDir, removeDir, requireParent, subtree } from './dirs';
import { EosHttpError, NO_SUCH } from './errors';
import { type EosEntry, NAMESPACE, checksumOf, findEntry, metaOf, removeEntry } from './files';
import { namespacePath } from './paths';

/**
 * The WebDAV methods EOS's namespace server answers, as far as rclone's WebDAV backend and
 * davix-ls / davix-mkdir / davix-rm use them: PROPFIND (Depth 0 or 1) and MOVE. MKCOL and DELETE
 * of directories are in dirs.ts.
 */

/** Text content escaped for XML (quotes may stay: they are never inside an attribute here). */
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const href = (path: string, dir: boolean) => `${path.split('/').map(encodeURIComponent).join('/')}${dir ? '/' : ''}`;
const httpDate = (sec: number) => new Date(sec * 1000).toUTCString();

/** One `<d:response>`: the properties EOS returns for a file or a directory. */
function response(path: string, props: { dir: boolean; size?: number; mtime: number; etag: string; checksum?: string }): string {
  const p = [
    props.dir ? '<d:resourcetype><d:collection/></d:resourcetype>' : '<d:resourcetype/>',
    ...(props.dir ? [] : [`<d:getcontentlength>${props.size}</d:getcontentlength>`, '<d:getcontenttype>application/octet-stream</d:getcontenttype>']),
    `<d:getlastmodified>${httpDate(props.mtime)}</d:getlastmodified>`,
    `<d:getetag>${xml(props.etag)}</d:getetag>`,
    ...(props.checksum ? [`<oc:checksums><oc:checksum>${xml(props.checksum)}</oc:checksum></oc:checksums>`] : []),
  ];
  return `<d:response><d:href>${xml(href(path, props.dir))}</d:href><d:propstat><d:prop>${p.join('')}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

function fileProps(entry: EosEntry) {
  const m = metaOf(entry);
  const hex = checksumOf(entry);
  const checksum = hex && `${m.layout === 'adler' ? 'ADLER32' : 'MD5'}:${stripLeadingZeros(hex)}`;
  return { dir: false, size: entry.size, mtime: m.mtime, etag: etagOf(m.layout, m.inode, hex, m.mtime), ...(checksum && { checksum }) };
}

async function childProps(uploads: Uploads, path: string, child: Child) {
  if (child.dir) return dirProps(child.record ?? (await dirRecord(uploads, `${path}/${child.name}`)));
  return fileProps({ kind: 'file', file: child.record!, size: child.record!.size, blobKey: child.record!.blobKey });
}

/** PROPFIND: 207 multistatus for a file, or a directory and (Depth 1, also for "infinity") its children. */
export async function propfind(c: Context, uploads: Uploads, path: string): Promise<Response> {
  const parts: string[] = [];
  const entry = await findEntry(uploads, path);
  if (entry) parts.push(response(path, fileProps(entry)));
  else if (await isDir(uploads, path)) {
    parts.push(response(path, dirProps(await dirRecord(uploads, path))));
    if (c.req.header('depth') !== '0')
      for (const child of await children(uploads, path)) parts.push(response(`${path}/${child.name}`, await childProps(uploads, path, child)));
  } else throw new EosHttpError(404, NO_SUCH);
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">${parts.join('')}</d:multistatus>\n`;
  return new Response(body, { status: 207, headers: { 'content-type': 'application/xml; charset=utf-8' } });
}

/** The namespace path a `Destination` header names (an absolute URL or a path). */
function destinationOf(c: Context): string {
  const header = c.req.header('destination');
  if (!header) throw new EosHttpError(400, 'Missing Destination\n');
  let pathname: string;
  try {
    pathname = new URL(header, c.req.url).pathname;
  } catch {
    throw new EosHttpError(400, 'Illegal Destination\n');
  }
  return namespacePath(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname);
}

/**
 * MOVE of a committed file or a directory (with everything below it): 201, or 204 when it replaced
 * something; 412 when the destination exists and `Overwrite: F`; 409 when its parent is missing.
 */
export async function move(c: Context, uploads: Uploads, path: string): Promise<Response> {
  const to = destinationOf(c);
  const files = uploads.storage.files;
  const file = await files.get(NAMESPACE, path);
  const dir = !file && (await isDir(uploads, path));
  if (!file && !dir) throw new EosHttpError(404, NO_SUCH);
  if (to === path || to.startsWith(`${path}/`)) throw new EosHttpError(403, 'Cannot move a path onto itself or below itself\n');
  await requireParent(uploads, to, false);
  const taken = (await findEntry(uploads, to)) !== undefined || (await isDir(uploads, to));
  if (taken && c.req.header('overwrite')?.toUpperCase() === 'F') throw new EosHttpError(412, 'Destination exists\n');
  if (taken) (await isDir(uploads, to)) ? await removeDir(uploads, to) : await removeEntry(uploads, to);
  // a record put under a new name with the same id moves: the catalog drops the old name
  if (file) await files.put({ ...file, name: to });
  else for (const record of await subtree(uploads, path)) await files.put({ ...record, name: to + record.name.slice(path.length) });
  return new Response(null, { status: taken ? 204 : 201 });
}

