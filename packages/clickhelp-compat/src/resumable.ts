import {
  type ByteSource,
  type ContentRange,
  type FileRecord,
  type UploadSession,
  receivedOf,
  sameBytes,
} from '@rangeway/core';
import type { Caller } from './auth';
import { toClickhelpError } from './error-map';
import { ClickhelpError, badRequest, notFound } from './http-error';
import type { Settings } from './options';
import { withPathLock } from './path-lock';
import { NAMESPACE, assertCreatable, commitGuard } from './placement';

/** What a chunk or status query leads to: still receiving (bytes held so far) or done. */
/** Where an upload stands after a request, and which session it is (for the request log). */
export type Progress = ({ readonly done: false; readonly held: number } | { readonly done: true; readonly file: FileRecord }) & { readonly uploadId: string };

type Meta = { readonly isOverwrite: boolean };
const NO_UPLOAD = 'There is no unfinished resumable upload for this path; start one with POST ?format=resumable.';

/**
 * The resumable upload protocol on the core engine: one session per path (the path is the
 * upload handle), strictly sequential chunks, exact repeats answered without rewriting, the
 * final chunk committing into the file catalog. Every operation on a path holds a per-path
 * lock, so a second concurrent request for the same path gets 409 at once instead of waiting.
 */
export class ResumableUploads {
  constructor(private readonly s: Settings) {}

  private get uploads() {
    return this.s.uploads;
  }

  private locked<T>(path: string, work: () => Promise<T>): Promise<T> {
    return withPathLock(this.uploads, path, work);
  }

  /** Step 1: (re)starts the upload for `path` at offset 0. */
  start(path: string, isOverwrite: boolean): Promise<void> {
    return this.locked(path, async () => {
      await assertCreatable(this.uploads.storage.files, path, isOverwrite);
      // a repeated Step 1 drops whatever upload this path had (unfinished, finished or expired)
      const old = await this.uploads.byKey(NAMESPACE, path);
      if (old) await this.discard(old);
      const meta: Meta = { isOverwrite };
      await this.uploads.create({ namespace: NAMESPACE, target: path, key: path, idleTtlMs: this.s.idleExpiryMs, meta });
    });
  }

  /** Step 2: one chunk `first..last` (inclusive) of `total` (undefined for `*`). */
  chunk(
    path: string,
    caller: Caller,
    range: ContentRange & { kind: 'range' },
    body: ByteSource,
    contentLength: number | undefined,
  ): Promise<Progress> {
    const { first, last, total } = range;
    const length = last - first + 1;
    if (length > this.s.maxChunkSize)
      throw badRequest(`The chunk has ${length} bytes; at most ${this.s.maxChunkSize} are allowed per request.`);
    const size = total ?? last + 1;
    if (size > this.s.maxFileSize)
      throw badRequest(`The file would have ${size} bytes; at most ${this.s.maxFileSize} are allowed.`);
    if (contentLength !== undefined && contentLength !== length)
      throw badRequest(`Content-Length ${contentLength} does not match the ${length} bytes of Content-Range.`);

    const work = this.locked(path, async () => {
      const session = await this.find(path);
      if (session.state === 'committed') return this.repeatOfFinal(session, range, body);
      const { session: now } = await this.uploads.receive(session.id, {
        start: first,
        end: last + 1,
        ...(total !== undefined && { total }),
        body,
        ordering: this.s.lenientOffsets ? 'no-gap' : 'append-or-replay',
        overlap: 'identical',
        record: 'none', // ClickHelp never lists chunks: keep the session small however many arrive
      });
      return this.progress(now, caller);
    });
    return work.catch(async (e: unknown) => {
      throw await this.withRange(path, e);
    });
  }

  /** Offset query (empty PUT with `bytes *\/total`, or the HEAD extension). */
  async status(path: string, total: number | undefined): Promise<Progress> {
    const session = await this.find(path);
    if (session.state === 'committed') return { done: true, file: await this.committedFile(session), uploadId: session.id };
    if (total !== undefined && session.total !== undefined && total !== session.total)
      throw badRequest(`The total size ${total} differs from the ${session.total} bytes declared earlier.`);
    return { done: false, held: receivedOf(session).prefixLength, uploadId: session.id };
  }

  /** The DELETE ?format=resumable extension: drops an unfinished upload and its bytes. */
  cancel(path: string): Promise<void> {
    return this.locked(path, async () => {
      const session = await this.find(path);
      if (session.state === 'committed') throw notFound(NO_UPLOAD);
      await this.discard(session);
    });
  }

  /** Forgets a committed upload of `path` (its file was deleted), so no repeat answers 201. */
  async forgetCommitted(path: string): Promise<void> {
    const session = await this.uploads.getByKey(NAMESPACE, path);
    if (session?.state === 'committed') await this.uploads.forget(session.id);
  }

  /** The live session of a path: unfinished, or finished within the idempotency window. */
  private async find(path: string): Promise<UploadSession> {
    const session = await this.uploads.byKey(NAMESPACE, path);
    if (!session || session.state === 'aborted' || session.state === 'expired') throw notFound(NO_UPLOAD);
    if (session.state === 'committed' && this.uploads.clock.now() - session.updatedAt > this.s.idempotencyWindowMs) {
      await this.uploads.forget(session.id);
      throw notFound(NO_UPLOAD);
    }
    return session;
  }

  private async discard(session: UploadSession): Promise<void> {
    if (session.state === 'open' || session.state === 'complete') await this.uploads.abort(session.id);
    await this.uploads.forget(session.id);
  }

  /** Commits once every byte is in; a name clash leaves the session open with all its bytes. */
  private async progress(session: UploadSession, caller: Caller): Promise<Progress> {
    const held = receivedOf(session).prefixLength;
    if (session.total === undefined || held < session.total) return { done: false, held, uploadId: session.id };
    const { file } = await this.uploads.commit(session.id, {
      name: session.target,
      meta: { modifiedBy: caller.login },
      precondition: commitGuard(this.uploads.storage.files, session.target, (session.meta as Meta).isOverwrite),
    });
    return { done: true, file, uploadId: session.id };
  }

  /** A final chunk sent again after its 201 got lost: 201 again if it is byte-identical. */
  private async repeatOfFinal(session: UploadSession, range: ContentRange & { kind: 'range' }, body: ByteSource): Promise<Progress> {
    const file = await this.committedFile(session);
    const iv = { start: range.first, end: range.last + 1 };
    const isFinal = range.total === file.size && iv.end === file.size;
    if (isFinal && (await sameBytes(body, await this.uploads.storage.blobs.read(file.blobKey, iv), iv.end - iv.start)))
      return { done: true, file, uploadId: session.id };
    throw notFound('This upload is complete; only an identical final chunk may be sent again.');
  }

  private async committedFile(session: UploadSession): Promise<FileRecord> {
    const file = session.fileId === undefined ? undefined : await this.uploads.storage.files.getById(session.fileId);
    if (!file) throw notFound(NO_UPLOAD);
    return file;
  }

  /** 409 answers about an upload carry the bytes held so far as `Range`. */
  private async withRange(path: string, e: unknown): Promise<unknown> {
    const err = toClickhelpError(e);
    if (err.status !== 409) return e;
    const session = await this.uploads.getByKey(NAMESPACE, path);
    const held = session?.state === 'open' ? receivedOf(session).prefixLength : 0;
    return held > 0 ? new ClickhelpError(409, err.message, { ...err.headers, range: rangeHeader(held) }) : err;
  }
}

/** `Range: bytes=0-{last}`: the inclusive index of the last byte held. */
export const rangeHeader = (held: number) => `bytes=0-${held - 1}`;
