import { AsyncLocalStorage } from 'node:async_hooks';
import type { Storage } from '@rangeway/core';

type Parts = Pick<Storage, 'blobs' | 'sessions' | 'files' | 'leases' | 'checkpoints'>;

/**
 * One Storage for a gateway whose every call goes to the storage of the request being answered.
 * A Worker may not use a connection another request opened ("Cannot perform I/O on behalf of a
 * different request"), so the S3 store's database connections are opened per request, while the
 * gateway (its routes, its engine) is built once per isolate.
 */
export class RequestStorage {
  private readonly current = new AsyncLocalStorage<Storage>();
  readonly storage: Storage;

  constructor() {
    const now = (): Storage => {
      const s = this.current.getStore();
      if (!s) throw new Error('the store was used outside a request');
      return s;
    };
    // every method of a part, looked up on the request's store when it is called
    const part = <K extends keyof Parts>(name: K) =>
      new Proxy({} as NonNullable<Parts[K]>, {
        get: (_, method) =>
          method === 'then' ? undefined : (...args: unknown[]) => (now()[name] as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[method]!(...args),
      });
    this.storage = {
      blobs: part('blobs'),
      sessions: part('sessions'),
      files: part('files'),
      leases: part('leases'),
      checkpoints: part('checkpoints'),
      collect: () => now().collect?.() ?? Promise.resolve(0),
    };
  }

  /** Runs `fn` (and everything it starts) against `storage`. */
  run<T>(storage: Storage, fn: () => T): T {
    return this.current.run(storage, fn);
  }
}
