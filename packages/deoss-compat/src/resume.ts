import { type ByteSource, type ReceiveInput, type UploadSession, WHOLE, receivedOf, streamOfBytes, toHex, withLease } from '@rangeway/core';
import { sameAccount } from './accounts';
import { NAMESPACE, type Owner, ownersOf } from './catalog';
import { type ChunkRange, type RangeHead, withEnd } from './content-range';
import { DeossError, MSG, illegalRange } from './envelope';
import { PLAIN_SEGMENT, encryptSegments } from './cipher';
import { FID_DIGEST, SEGMENT_SIZE } from './fid';
import type { Settings } from './options';
import { checkTerritory } from './territory';

const NAME_MAX = 63;
const NAME_MIN = 3;

/** What the chunk's request says besides its range and body. */
export type ChunkRequest = {
  readonly account: string;
  readonly name: string;
  readonly head: RangeHead;
  /** Territory header (read on the final chunk only) */
  readonly territory: string;
  /** Cipher header of the final chunk: the file is stored encrypted with it (checked, 1–32 bytes) */
  readonly cipher?: string | undefined;
};

export type ChunkResult = ({ readonly done: false; readonly range: ChunkRange } | { readonly done: true; readonly fid: string }) & { readonly uploadId: string };

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function decodedOnce(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Spec §5.1, on the chunk with start = 0 only. */
function checkName(name: string): void {
  if (name === '') throw new DeossError(400, MSG.emptyName);
  const n = utf8Length(name.includes('%') ? decodedOnce(name) : name);
  if (n > NAME_MAX) throw new DeossError(400, MSG.nameTooLong);
  if (n < NAME_MIN) throw new DeossError(400, MSG.nameTooShort);
}

/**
 * DeOSS range upload on the core engine: one session per (Account, name, literal total) key,
 * positional no-gap writes where resent bytes must be identical (never corrupted), and on the
 * last byte the territory check, the fid (segment tree over the stored bytes) and the commit
 * into the catalog under the fid.
 */
export class ResumeUploads {
  constructor(private readonly s: Settings) {}

  private get uploads() {
    return this.s.uploads;
  }

  async chunk(req: ChunkRequest, body: ByteSource): Promise<ChunkResult> {
    const { head, account } = req;
    if (head.start === 0) {
      checkName(req.name);
      this.checkAuthorized(account);
    }
    const range = withEnd(head);
    // a declared total past the gateway's limit: the vendor's answer for a file that cannot fit
    if (head.total > this.s.maxFileSize) throw new DeossError(400, MSG.noSpace);
    if (head.start === 0 && this.s.earlyTerritoryCheck) await checkTerritory(this.s, account, req.territory, head.total);
    const key = JSON.stringify([account, req.name, head.totalText]);
    // one request per upload at a time: a second one meanwhile gets `server busy` (RangeConflictError in flight)
    return withLease(this.uploads.leases, `${NAMESPACE}/key/${key}`, WHOLE, async () => {
      const session = await this.session(key, req, range);
      const { session: now } = await this.uploads.receive(session.id, this.placement(session, range, body));
      if (range.end + 1 < range.total) return { done: false, range, uploadId: session.id };
      return { done: true, fid: await this.complete(now, req), uploadId: session.id };
    });
  }

  /**
   * Positional writes at `start` (resent bytes must be identical); or, bug-compatible, at the end
   * of what is held (start ≤ held still checked), the total fixed only by the final chunk.
   */
  private placement(session: UploadSession, range: ChunkRange, body: ByteSource): ReceiveInput {
    const length = range.end - range.start + 1;
    // DeOSS never lists chunks: no record per chunk, so the 10,000th costs what the first did
    const record = 'none';
    if (!this.s.bugCompatibleAppend)
      return { start: range.start, end: range.end + 1, total: range.total, body, ordering: 'no-gap', overlap: 'identical', record };
    const held = receivedOf(session).prefixLength;
    if (range.start > held) throw illegalRange();
    const final = range.end + 1 >= range.total;
    return { start: held, end: held + length, ...(final && { total: held + length }), body, ordering: 'no-gap', overlap: 'reject', record };
  }

  /** Spec §7 step 5c, with a configured list standing in for the chain's authorizations. */
  private checkAuthorized(account: string): void {
    const { authorizedAccounts, gatewayAccount } = this.s;
    if (authorizedAccounts.size === 0 || sameAccount(account, gatewayAccount) || authorizedAccounts.has(account)) return;
    if (gatewayAccount === undefined) throw new DeossError(403, MSG.notAuthorized);
    throw new DeossError(403, MSG.authorizeGateway + gatewayAccount);
  }

  /** The open session of the key; a chunk at 0 starts one when there is none (a gap otherwise). */
  private async session(key: string, req: ChunkRequest, range: ChunkRange): Promise<UploadSession> {
    // a commit a crash interrupted is settled first (server busy while it may still be in flight)
    const old = await this.uploads.byKey(NAMESPACE, key);
    if (old?.state === 'open') return old;
    if (range.start > 0) throw illegalRange();
    if (old) await this.uploads.forget(old.id);
    const idle = this.s.idleExpiryMs;
    return this.uploads.create({ namespace: NAMESPACE, target: req.name, key, trackDigests: [FID_DIGEST], ...(idle > 0 && { idleTtlMs: idle }) });
  }

  /** Final chunk: territory and space, fid, commit. A failure keeps every byte for a resend. */
  private async complete(session: UploadSession, req: ChunkRequest): Promise<string> {
    const total = session.total!;
    if (receivedOf(session).prefixLength !== total) throw illegalRange();
    // the space check uses the declared total, as the real gateway does (it can differ in bug-compatible mode)
    await checkTerritory(this.s, req.account, req.territory, req.head.total);
    if (req.cipher) return this.commitEncrypted(session, req, req.cipher);
    return this.commitAs(session, req, {});
  }

  /** Commits a session under its fid, adding the uploader to the owners of a file already stored. */
  private async commitAs(session: UploadSession, req: ChunkRequest, extra: Record<string, unknown>): Promise<string> {
    const fid = toHex(await this.uploads.digestOf(session, FID_DIGEST));
    const existing = await this.uploads.storage.files.get(NAMESPACE, fid);
    const owners = existing ? ownersOf(existing.meta) : [];
    const owner: Owner = { user: req.account, file_name: req.name, territory: req.territory };
    const known = owners.some((o) => o.user === owner.user && o.file_name === owner.file_name);
    await this.uploads.commit(session.id, { name: fid, meta: { ...extra, owners: known ? owners : [...owners, owner] } });
    return fid;
  }

  /**
   * The file encrypted as cess-go-sdk does (cipher.ts) into a second session, which is committed
   * under the fid of the encrypted segments; the plaintext upload is then dropped. Interrupted,
   * the plaintext session is still whole, so the client's resent final chunk completes it again.
   */
  private async commitEncrypted(plain: UploadSession, req: ChunkRequest, cipher: string): Promise<string> {
    const size = plain.total!;
    const segments = Math.max(1, Math.ceil(size / PLAIN_SEGMENT));
    const idle = this.s.idleExpiryMs;
    const sealed = await this.uploads.create({
      namespace: NAMESPACE,
      target: req.name,
      total: segments * SEGMENT_SIZE,
      trackDigests: [FID_DIGEST],
      ...(idle > 0 && { idleTtlMs: idle }),
    });
    let at = 0;
    for await (const segment of encryptSegments(await this.uploads.storage.blobs.read(plain.blobKey), size, cipher)) {
      await this.uploads.receive(sealed.id, { start: at, end: at + segment.length, body: streamOfBytes(segment) });
      at += segment.length;
    }
    const fid = await this.commitAs(await this.uploads.get(sealed.id), req, { encrypted: true, plainSize: size });
    await this.uploads.forget(plain.id);
    return fid;
  }
}
