import { describe, expect, it } from 'vitest';
import { MemorySessionStore, type SessionState, type SessionStub, type UploadSession } from '../src/index';

const session = (id: string, over: Partial<UploadSession> = {}): UploadSession => ({
  id,
  namespace: 'n',
  target: `t/${id}`,
  key: `k/${id}`,
  received: '',
  parts: [],
  trackDigests: [],
  digests: {},
  state: 'open',
  blobKey: `uploads/${id}`,
  createdAt: 1,
  updatedAt: 1,
  expiresAt: 1_000,
  version: 3,
  meta: {},
  ...over,
});

/** A stub of `s` that counts how often it is read whole. */
function stubOf(s: UploadSession) {
  const reads = { n: 0 };
  const stub: SessionStub = {
    id: s.id,
    namespace: s.namespace,
    ...(s.key !== undefined && { key: s.key }),
    state: s.state,
    ...(s.expiresAt !== undefined && { expiresAt: s.expiresAt }),
    read: () => {
      reads.n++;
      return JSON.parse(JSON.stringify(s)) as UploadSession;
    },
  };
  return { stub, reads };
}

function storeWith(...sessions: UploadSession[]) {
  const store = new MemorySessionStore();
  const stubs = sessions.map(stubOf);
  for (const { stub } of stubs) store.publishStub(stub);
  return { store, reads: () => stubs.map((s) => s.reads.n) };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('sessions published as stubs (read on first use)', () => {
  it('are read whole once, when first asked for, and then served frozen like any stored session', async () => {
    const a = session('a', { parts: [{ start: 0, end: 9, digests: { sha1: 'x' } }] as never });
    const { store, reads } = storeWith(a, session('b'));
    expect(reads()).toEqual([0, 0]);
    const got = await store.get('a');
    expect(got).toEqual(a);
    expect(Object.isFrozen(got) && Object.isFrozen(got!.parts)).toBe(true);
    expect(await store.getByKey('n', 'k/a')).toBe(got);
    expect(await store.get('a')).toBe(got);
    expect(reads()).toEqual([1, 0]);
  });

  it('are filtered and counted by namespace and state, and swept by expiry, without being read', async () => {
    const states: SessionState[] = ['open', 'complete', 'committed'];
    const sessions = states.map((state, i) => session(`s${i}`, { state, expiresAt: 100 * (i + 1) }));
    const { store, reads } = storeWith(...sessions, session('other', { namespace: 'm' }));
    expect((await all(store.list({ states: ['complete'] }))).map((s) => s.id)).toEqual(['s1']);
    expect((await all(store.list({ namespace: 'm' }))).map((s) => s.id)).toEqual(['other']);
    expect(reads()).toEqual([0, 1, 0, 1]);
    expect([await store.count(), await store.count({ states: ['open'] }), await store.count({ namespace: 'n', states: ['open', 'committed'] })]).toEqual([4, 2, 2]);
    expect(reads()).toEqual([0, 1, 0, 1]); // counted, not read
    // due at 150: only s0 (s2 is committed, so never due)
    expect((await store.claimDue(150, 10)).map((s) => s.id)).toEqual(['s0']);
    expect(reads()).toEqual([1, 1, 0, 1]);
  });

  it('change and go like the sessions they stand for', async () => {
    const { store, reads } = storeWith(session('a'), session('b'), session('c'));
    const changed = await store.modify('a', (s) => ({ ...s, received: '0-9' }));
    expect(changed).toMatchObject({ id: 'a', received: '0-9', version: 4 });
    expect(await store.get('a')).toBe(changed);
    await expect(store.update({ ...session('b'), version: 2 })).rejects.toThrow(/concurrently/);
    expect(await store.delete('c', 3)).toBe(true);
    expect(await store.get('c')).toBeUndefined();
    expect(await store.getByKey('n', 'k/c')).toBeUndefined();
    expect(reads()).toEqual([1, 1, 1]);
  });
});
