import { BusyError, NotFoundError } from '../errors';
import { type UploadSession, isExpiredAt } from '../session/session';
import { KeyedLock } from './keyed-lock';
import { type Lease, type Leases, MemoryLeases } from './leases';
import type { SessionChange, SessionStore } from './session-store';
import type { Storage } from './storage';

/** What the engine needs of a store, with the optional capabilities filled in. */
export type ComposedStorage = {
  readonly leases: Leases;
  /** atomic read-modify-write of one session: no version clash surfaces to the caller */
  modify(id: string, change: SessionChange, fence?: Lease): Promise<UploadSession>;
  claimDue(now: number, limit: number): Promise<readonly UploadSession[]>;
};

const FALLBACK_ATTEMPTS = 16;

/**
 * Checks which optional capabilities a store has (in the way tusd's store composer does) and
 * fills the others with in-process stand-ins. The stand-ins are right for a store used by one
 * process; a store shared by several processes must provide all three.
 */
export function composeStorage(storage: Storage): ComposedStorage {
  const { sessions } = storage;
  return {
    leases: storage.leases ?? new MemoryLeases(),
    modify: sessions.modify ? (id, change, fence) => sessions.modify!(id, change, fence) : serializedModify(sessions),
    claimDue: sessions.claimDue ? (now, limit) => sessions.claimDue!(now, limit) : (now, limit) => dueByListing(sessions, now, limit),
  };
}

/** `modify` for a store that only has compare-and-set: changes to a session take turns here. */
function serializedModify(sessions: SessionStore): ComposedStorage['modify'] {
  const locks = new KeyedLock();
  return (id, change) =>
    locks.run(id, async () => {
      for (let attempt = 0; attempt < FALLBACK_ATTEMPTS; attempt++) {
        const cur = await sessions.get(id);
        if (!cur) throw new NotFoundError(`no session ${id}`);
        const next = change(cur);
        if (next === cur) return cur;
        try {
          return await sessions.update(next);
        } catch (e) {
          if (!(e instanceof BusyError)) throw e; // changed outside the engine: apply again
        }
      }
      throw new BusyError(`upload ${id} is too busy`);
    });
}

async function dueByListing(sessions: SessionStore, now: number, limit: number): Promise<readonly UploadSession[]> {
  const out: UploadSession[] = [];
  for await (const s of sessions.list()) {
    if (out.length >= limit) break;
    if (isExpiredAt(s, now)) out.push(s);
  }
  return out;
}
