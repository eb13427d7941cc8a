// The two calls of fs-native-extensions the data-dir lock uses (the package ships no types).
declare module 'fs-native-extensions' {
  export function tryLock(fd: number): boolean;
  export function unlock(fd: number): void;
}
