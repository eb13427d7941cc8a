/**
 * The part of the storage contract that lets several writers (and several processes) share a
 * store: leases, atomic session changes, due-session claims. Run through composeStorage, so a
 * store without a capability is held to what the engine's in-process stand-in promises.
 */
import { expect, it } from 'vitest';
import { RangeConflictError } from '../errors';
import { type UploadSession, receivedOf } from '../session/session';
import { composeStorage } from '../store/compose';
import { applyWrite } from '../upload/record';
import type { Storage } from '../store/storage';

type Make = (over?: Partial<UploadSession>) => UploadSession;

export function capabilityContract(storage: () => Storage, session: Make): void {
  it('records 64 concurrent disjoint writes to one session: every one lands, none is refused', async () => {
    const s = storage();
    const { modify } = composeStorage(s);
    await s.sessions.create(session({ id: 'W', total: 64 * 10 }));
    const writes = Array.from({ length: 64 }, (_, k) => {
      const iv = { start: k * 10, end: k * 10 + 10 };
      const part = { id: `p${k}`, ...iv, digests: {}, receivedAt: 5 };
      return modify('W', (cur) => applyWrite(cur, { iv, writeFrom: iv.start, overlap: 'reject', policy: 'part', part, now: 5 }));
    });
    const results = await Promise.allSettled(writes);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const stored = (await s.sessions.get('W'))!;
    expect(receivedOf(stored).toString()).toBe('0-639');
    expect(stored.parts.map((p) => p.id).sort()).toEqual(Array.from({ length: 64 }, (_, k) => `p${k}`).sort());
    expect(stored.version).toBe(65);
  });

  it('modify leaves a session as it was when the change throws or changes nothing', async () => {
    const s = storage();
    const { modify } = composeStorage(s);
    const created = await s.sessions.create(session({ id: 'M' }));
    await expect(modify('M', () => { throw new RangeConflictError('x', { start: 0, end: 1 }); })).rejects.toThrow(RangeConflictError);
    expect(await modify('M', (cur) => cur)).toEqual(created);
    expect((await s.sessions.get('M'))!.version).toBe(created.version);
  });

  it('hands each due session to one of two concurrent sweepers only', async () => {
    const s = storage();
    const a = composeStorage(s);
    const b = composeStorage(s);
    for (let i = 0; i < 20; i++) await s.sessions.create(session({ id: `D${i}`, expiresAt: 100 }));
    await s.sessions.create(session({ id: 'LATER', expiresAt: 10_000 }));
    const [x, y] = await Promise.all([a.claimDue(200, 15), b.claimDue(200, 15)]);
    const ids = [...x, ...y].map((d) => d.id);
    expect(ids).not.toContain('LATER');
    expect(new Set(ids).size).toBe(ids.length);
    expect(x.length).toBeLessThanOrEqual(15);
  });

  it('leases: overlapping acquires get exactly one winner; adjacent and released spans are free', async () => {
    const { leases } = composeStorage(storage());
    const tries = await Promise.allSettled([leases.acquire('u', { start: 0, end: 10 }), leases.acquire('u', { start: 5, end: 15 })]);
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    const loser = tries.find((t) => t.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(RangeConflictError);
    const winner = (tries.find((t) => t.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof leases.acquire>>>).value;
    expect(winner.held).toBe(true);
    const next = await leases.acquire('u', { start: winner.span.end, end: winner.span.end + 5 });
    expect(await leases.held('u')).toHaveLength(2);
    await winner.release();
    expect(winner.held).toBe(false);
    await (await leases.acquire('u', winner.span)).release();
    await next.release();
    expect(await leases.held('u')).toEqual([]);
  });

  it('digest checkpoints (where the store has them): racing saves settle on the furthest valid one', async (ctx) => {
    const { checkpoints } = storage();
    if (!checkpoints) return ctx.skip();
    const cp = (offset: number, rewrites: number) => ({ offset, rewrites, state: Uint8Array.of(offset & 255, rewrites) });
    expect(await checkpoints.get('C', 'sha1')).toBeUndefined();
    await Promise.all([10, 30, 20].map((o) => checkpoints.save('C', 'sha1', cp(o, 0))));
    expect(await checkpoints.get('C', 'sha1')).toEqual(cp(30, 0));
    await checkpoints.save('C', 'sha1', cp(5, 1)); // after an overwrite: fewer bytes, but current
    await checkpoints.save('C', 'sha1', cp(40, 0)); // a stale saver: ignored
    await checkpoints.save('C', 'md5', cp(7, 0));
    expect(await checkpoints.get('C', 'sha1')).toEqual(cp(5, 1));
    expect(await checkpoints.get('C', 'md5')).toEqual(cp(7, 0));
    await checkpoints.drop('C');
    expect(await checkpoints.get('C', 'sha1')).toBeUndefined();
    expect(await checkpoints.get('C', 'md5')).toBeUndefined();
  });
}
