/**
 * The LoggedWrites capability: a small write and the session change that records it, as one
 * step. Stores without it skip these (the engine then writes and records in two steps).
 */
import { expect, it } from 'vitest';
import { RangeConflictError } from '../errors';
import { type UploadSession, receivedOf } from '../session/session';
import type { Storage } from '../store/storage';
import { collectBytes } from '../stream/bytes';
import { applyWrite } from '../upload/record';

type Make = (over?: Partial<UploadSession>) => UploadSession;

const record = (start: number, end: number) => (cur: UploadSession) =>
  applyWrite(cur, { iv: { start, end }, writeFrom: start, overlap: 'reject', policy: 'part', part: { id: `p${start}`, start, end, digests: {}, receivedAt: 5 }, now: 5 });

export function loggedWritesContract(storage: () => Storage, session: Make): void {
  it('makes the bytes readable and the change visible together', async (ctx) => {
    const s = storage();
    if (!s.loggedWrites) return ctx.skip();
    const created = await s.sessions.create(session({ id: 'L', blobKey: 'uploads/L', total: 20 }));
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
    const saved = await s.loggedWrites.modify('L', record(10, 20), { blobKey: 'uploads/L', offset: 10, bytes });
    expect(receivedOf(saved).toString()).toBe('10-19');
    expect(saved.version).toBe(created.version + 1);
    expect(await s.sessions.get('L')).toEqual(saved);
    const stored = await collectBytes(await s.blobs.read('uploads/L', { start: 10, end: 20 }));
    expect([...stored]).toEqual([...bytes]);
  });

  it('leaves neither bytes nor a change when the change is refused', async (ctx) => {
    const s = storage();
    if (!s.loggedWrites) return ctx.skip();
    const created = await s.sessions.create(session({ id: 'R', blobKey: 'uploads/R', total: 20 }));
    const refuse = () => {
      throw new RangeConflictError('x', { start: 0, end: 10 });
    };
    const write = { blobKey: 'uploads/R', offset: 0, bytes: new Uint8Array(10).fill(9) };
    await expect(s.loggedWrites.modify('R', refuse, write)).rejects.toThrow(RangeConflictError);
    expect(await s.sessions.get('R')).toEqual(created);
    const size = (await s.blobs.size('uploads/R')) ?? 0;
    const left = size === 0 ? new Uint8Array(0) : await collectBytes(await s.blobs.read('uploads/R'));
    expect(left.every((b) => b === 0)).toBe(true);
  });
}
