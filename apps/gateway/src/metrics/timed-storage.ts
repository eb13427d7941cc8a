import type { Storage } from '@rangeway/core';

/**
 * The storage with every promise-returning call of its blobs, sessions and catalog timed, so
 * store latency can be watched; everything else (async iterables, optional capabilities that are
 * absent, properties) passes through untouched.
 */
export function timedStorage(storage: Storage, observe: (op: string, seconds: number) => void): Storage {
  const wrap = <T extends object>(part: string, target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function' || prop === 'list' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          const started = performance.now();
          const result = (value as (...a: unknown[]) => unknown).apply(t, args);
          if (result instanceof Promise)
            return result.finally(() => observe(`${part}.${prop}`, (performance.now() - started) / 1000));
          return result;
        };
      },
    });
  return new Proxy(storage, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver);
      return prop === 'blobs' || prop === 'sessions' || prop === 'files' ? wrap(prop, value as object) : value;
    },
  });
}
