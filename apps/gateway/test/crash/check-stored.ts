import { IntervalSet, type Storage, type UploadSession, collectBytes, fileBlobKey } from '@rangeway/core';
import type { Acks } from './acks';
import type { CrashUpload } from './drivers/driver';
import type { CrashReport } from './harness';

/** The parts of `iv` that `held` does not cover. */
function missingIn(held: IntervalSet, iv: { start: number; end: number }): { start: number; end: number }[] {
  return IntervalSet.of([iv])
    .intervals.flatMap((x) => held.missing(x.end).filter((g) => g.end > x.start).map((g) => ({ start: Math.max(g.start, x.start), end: g.end })));
}

/** Whether blob `key` holds exactly the bytes the upload sent. */
async function holdsAll(storage: Storage, key: string, u: CrashUpload): Promise<boolean> {
  return Buffer.from(await collectBytes(await storage.blobs.read(key))).equals(u.data);
}

/**
 * Checks a store after a kill: every byte range a session claims holds exactly the bytes that were
 * sent, every committed file is what was sent, and every byte a client saw acknowledged is still
 * held (or its file committed). With `final`, every upload must be committed.
 */
export async function checkStored(
  storage: Storage,
  ownerOf: (session: UploadSession) => CrashUpload | undefined,
  uploads: readonly CrashUpload[],
  acks: Acks,
  report: CrashReport,
  final: boolean,
  /** where the upload's committed file is catalogued, for a dialect whose new version first forgets the committed session */
  fileOf?: (upload: CrashUpload) => { readonly namespace: string; readonly name: string } | undefined,
): Promise<void> {
  const committed = new Set<string>();
  const claimed = new Map<string, IntervalSet>();
  for await (const s of storage.sessions.list()) {
    const u = ownerOf(s);
    if (!u) throw new Error(`session ${s.id} (${s.target}) belongs to no upload`);
    if (s.state === 'committed') {
      const file = (await storage.files.getById(s.fileId!))!;
      const bytes = await collectBytes(await storage.blobs.read(file.blobKey));
      if (!Buffer.from(bytes).equals(u.data)) {
        let at = 0;
        while (at < bytes.length && bytes[at] === u.data[at]) at++;
        throw new Error(`committed ${u.name} differs from what was sent: ${bytes.length} bytes for ${u.data.length}, first difference at ${at}`);
      }
      report.bytesChecked += bytes.length;
      committed.add(u.name);
      continue;
    }
    if (s.state !== 'open' && s.state !== 'complete') throw new Error(`session of ${u.name} is ${s.state}`);
    // a new version being written (EOS rewrites in place) leaves the committed one readable
    // until it commits: the acknowledged bytes are held there
    const previous = await storage.files.get(s.namespace, s.target);
    if (previous && (await holdsAll(storage, previous.blobKey, u))) {
      report.bytesChecked += previous.size;
      committed.add(u.name);
    }
    claimed.set(u.name, (claimed.get(u.name) ?? IntervalSet.EMPTY).union(IntervalSet.parse(s.received)));
    // a commit the kill interrupted may have moved the bytes to the file key already
    const moved = s.state === 'complete' && s.fileId !== undefined && (await storage.blobs.size(s.blobKey)) === undefined;
    const key = moved ? fileBlobKey(s.fileId!) : s.blobKey;
    for (const iv of IntervalSet.parse(s.received).intervals) {
      const bytes = await collectBytes(await storage.blobs.read(key, iv));
      if (!Buffer.from(bytes).equals(u.data.subarray(iv.start, iv.end)))
        throw new Error(`session of ${u.name} claims [${iv.start}, ${iv.end}) but holds other bytes`);
      report.rangesChecked++;
      report.bytesChecked += bytes.length;
    }
  }
  // a kill between forgetting a committed session and creating the next version's leaves only
  // the catalog entry: the acknowledged bytes are in the committed file
  for (const u of uploads) {
    const where = committed.has(u.name) ? undefined : fileOf?.(u);
    const file = where && (await storage.files.get(where.namespace, where.name));
    if (file && (await holdsAll(storage, file.blobKey, u))) committed.add(u.name);
  }
  // every byte the server acknowledged is still held (or its file committed)
  let acked = 0;
  let lost = 0;
  const lostWhere: string[] = [];
  for (const u of uploads) {
    const mine = acks.of(u.name);
    acked += mine.coveredBytes;
    if (committed.has(u.name)) continue;
    const held = claimed.get(u.name) ?? IntervalSet.EMPTY;
    let mineLost = 0;
    for (const iv of mine.intervals) for (const gap of missingIn(held, iv)) mineLost += gap.end - gap.start;
    if (acks.committed(u.name) !== undefined) mineLost += u.data.length; // an acknowledged commit must stay committed
    if (mineLost > 0) lostWhere.push(`${u.name}: acknowledged ${mine.toString()}${acks.committed(u.name) ? ' and its commit' : ''}, held ${held.toString()}`);
    lost += mineLost;
  }
  report.acknowledgedBytes = acked;
  report.acknowledgedBytesLost += lost;
  if (lost > 0) throw new Error(`${lost} acknowledged bytes lost (${lostWhere.join('; ')})`);
  if (final) {
    const missing = uploads.filter((u) => !committed.has(u.name)).map((u) => u.name);
    if (missing.length) throw new Error(`not committed after the last restart: ${missing.join(', ')}`);
  }
}
