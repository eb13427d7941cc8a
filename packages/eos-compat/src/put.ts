import { bodySource, contentLength, noteUpload } from '@rangeway/adapter-kit';
import { receivedOf, toHex } from '@rangeway/core';
import type { Context } from 'hono';
import { LAYOUT_ALGORITHM, checksumMatches, etagOf } from './checksum';
import { requireParent } from './dirs';
import { EosHttpError, LENGTH_MISMATCH } from './errors';
import { type EosMeta, NAMESPACE, fillFromPrevious, findEntry, removeEntry, writableSession } from './files';
import { layoutFor, type ResolvedOptions } from './options';
import { type Piece, checksumType, parseMtime, parsePiece, unrangedPiece } from './piece-headers';

const created = (headers: Record<string, string> = {}) =>
  new Response(null, { status: 201, headers: { 'content-length': '0', ...headers } });

/** `PUT /eos/<path>`: a range piece when `x-upload-range` is present, else a whole-file PUT (spec §4.7). */
export async function handlePut(c: Context, o: ResolvedOptions, path: string): Promise<Response> {
  const header = (n: string) => c.req.header(n);
  const length = contentLength(c);
  if (length === undefined) throw new EosHttpError(411, 'Length Required\n');
  if (Number.isNaN(length)) throw new EosHttpError(400, 'Illegal Content-Length\n');
  await checkPreconditions(c, o, path);
  // before a plain PUT removes what is there: a file that exists has its parent
  await requireParent(o.uploads, path, o.createParents, async () => (await findEntry(o.uploads, path)) !== undefined);

  let piece: Piece;
  const plain = header('x-upload-range') === undefined;
  const unranged = !plain && o.bugCompatible && header('x-upload-totalsize') === undefined;
  if (unranged) {
    piece = unrangedPiece(header, length);
  } else if (!plain) {
    piece = parsePiece(header);
  } else {
    // ownCloud clients send OC-Checksum and X-OC-Mtime; EOS's own headers win when both are there
    const checksum = header('x-upload-checksum') ?? ocChecksum(header('oc-checksum'));
    const colon = checksum?.indexOf(':') ?? -1;
    piece = {
      start: 0,
      end: length,
      totalsize: length,
      done: true,
      mtime: parseMtime(header('x-upload-mtime') ?? header('x-oc-mtime')),
      checksum: checksum && colon > 0 ? { type: checksumType(checksum.slice(0, colon).toLowerCase()), value: checksum.slice(colon + 1) } : undefined,
    };
    await removeEntry(o.uploads, path); // a plain PUT replaces (truncates) the file
  }
  if (Math.max(piece.end, piece.totalsize) > o.maxFileSize)
    throw new EosHttpError(413, `File too large: this server takes files of at most ${o.maxFileSize} bytes\n`);
  if (length !== piece.end - piece.start) {
    if (!o.keepOnError) await removeEntry(o.uploads, path);
    throw LENGTH_MISMATCH();
  }

  const { uploads } = o;
  const layout = layoutFor(path, o);
  const mtime = piece.mtime ?? Math.floor(uploads.clock.now() / 1000);
  const session = await writableSession(uploads, path, layout, mtime, piece.totalsize, o.idleExpiryMs);
  noteUpload(c, session.id);
  // the piece's own checksum, for the offset-0 quirk (Adler-32 pieces have theirs anyway)
  const ownChecksum = layout === 'md5' && o.bugCompatible && piece.start === 0;
  // EOS forces the mtime at the close of every piece
  const closePiece = (m: Readonly<Record<string, unknown>>) => ({ ...m, mtime, declaredTotal: piece.totalsize });
  const received =
    length > 0
      ? await uploads.receive(session.id, {
          start: piece.start,
          end: piece.end,
          body: bodySource(c),
          overlap: 'overwrite',
          partDigests: layout === 'adler' ? ['adler32'] : ownChecksum ? ['md5'] : [],
          record: 'coalesce', // in-order pieces stay one record whose Adler-32 the final check combines
          meta: closePiece,
        })
      : undefined;
  const written = received?.session ?? (await uploads.updateMeta(session.id, closePiece));
  const meta = written.meta as EosMeta;

  const final = piece.done ?? piece.start + length === piece.totalsize;
  if (!final) return created(piece.mtime === undefined ? { etag: etagOf(layout, meta.inode, undefined, mtime) } : {});

  const filled = await fillFromPrevious(uploads, written);
  const size = receivedOf(filled).highWater;
  let checksumHex: string | undefined;
  let echo = false;
  if (layout !== 'none') {
    const alg = LAYOUT_ALGORITHM[layout];
    // EOS takes the streamed checksum of a final piece that started at 0 as the file's (spec §5.3)
    const quirk = o.bugCompatible && piece.start === 0 && length < size ? received?.part.digests[alg] : undefined;
    checksumHex = quirk ?? toHex(await uploads.digestOf(filled, alg, size));
    // a client checksum of another type than the directory's is only logged by EOS (spec §5.2)
    if (piece.checksum && piece.checksum.type === layout) {
      if (!checksumMatches(checksumHex, piece.checksum.value, o.lenientChecksum)) {
        await removeEntry(uploads, path);
        throw new EosHttpError(412, o.checksumErrorBody === 'text' ? 'checksum validation error' : null);
      }
      echo = true;
    }
  }
  await uploads.commit(session.id, {
    name: path,
    size,
    digests: layout === 'none' ? [] : [LAYOUT_ALGORITHM[layout]],
    meta: { ...meta, layout },
  });
  const etag = etagOf(layout, meta.inode, checksumHex, mtime);
  if (piece.mtime === undefined) return created({ etag });
  // a whole-file PUT (and the bug-compatible unranged piece) answers in the ownCloud style (§4.6, §4.7)
  if (plain || unranged) return created({ etag, 'x-oc-mtime': 'accepted', 'oc-fileid': meta.inode });
  return created({
    etag,
    'last-modified': new Date(mtime * 1000).toUTCString(),
    'x-eos-inode': meta.inode,
    ...(echo && { 'x-eos-checksum': c.req.header('x-upload-checksum')! }),
  });
}

/** `If-Match` and EOS's misspelt `If-Non-Match` against the current file's ETag (spec §2). */
async function checkPreconditions(c: Context, o: ResolvedOptions, path: string): Promise<void> {
  const ifMatch = c.req.header('if-match');
  const ifNonMatch = c.req.header('if-non-match');
  if (ifMatch === undefined && ifNonMatch === undefined) return;
  const entry = await findEntry(o.uploads, path);
  if (entry?.kind !== 'file') return;
  const meta = entry.file.meta as EosMeta;
  const hex = meta.layout === 'none' ? undefined : entry.file.digests[LAYOUT_ALGORITHM[meta.layout]];
  const etag = etagOf(meta.layout, meta.inode, hex, meta.mtime);
  if (ifMatch !== undefined && ifMatch !== etag) throw new EosHttpError(412, 'ETag precondition failed\n');
  // EOS means 304 here but its error builder turns it into a 500; we answer the intended 304
  if (ifNonMatch !== undefined && ifNonMatch === etag) throw new EosHttpError(304, null);
}

export { NAMESPACE };

/** `OC-Checksum: Adler32:<hex>` (or `MD5:<hex>`) as an x-upload-checksum value; other types are not EOS's. */
function ocChecksum(header: string | undefined): string | undefined {
  const m = /^(adler32|md5):([0-9a-f]+)$/i.exec(header?.trim() ?? '');
  return m ? `${m[1]!.toLowerCase()}:${m[2]!.toLowerCase()}` : undefined;
}
