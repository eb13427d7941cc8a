/// <reference path="./fs-native-extensions.d.ts" />
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The two calls of fs-native-extensions the data-dir lock uses: an exclusive flock of the whole file. */
export type Flock = {
  /** false when another open file holds the lock */
  tryLock(fd: number): boolean;
  unlock(fd: number): void;
};

/** The package's native binding, as its index.js calls it (version 1.5.1, pinned). */
type Binding = {
  tryLock(fd: number, offset: number, length: number, exclusive: boolean): void;
  unlock(fd: number, offset: number, length: number): void;
};

/**
 * flock from fs-native-extensions. Where the package ships a prebuilt binding for this platform it
 * is loaded directly: the package's own loader (require-addon and the resolvers and semver parser
 * it brings) cost 15–30 ms of every start, the binding itself ~1 ms. Elsewhere, the package.
 */
export async function loadFlock(): Promise<Flock> {
  const binding = prebuiltBinding();
  return binding ? flockOf(binding) : packageFlock();
}

function prebuiltBinding(): Binding | undefined {
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('fs-native-extensions'));
    return require(join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'fs-native-extensions.node')) as Binding;
  } catch {
    return undefined; // no prebuild here (or no require): the package finds or builds its own
  }
}

function flockOf(binding: Binding): Flock {
  return {
    tryLock(fd) {
      try {
        binding.tryLock(fd, 0, 0, true);
        return true;
      } catch (e) {
        if ((e as { code?: unknown }).code === 'EAGAIN') return false;
        throw e;
      }
    },
    unlock: (fd) => binding.unlock(fd, 0, 0),
  };
}

/** The package as published, through its own loader. */
export async function packageFlock(): Promise<Flock> {
  const mod = (await import('fs-native-extensions')) as typeof import('fs-native-extensions') & { default?: typeof import('fs-native-extensions') };
  return mod.default ?? mod;
}
