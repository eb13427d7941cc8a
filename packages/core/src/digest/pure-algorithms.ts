import { Adler32 } from './adler32';
import { Crc32c } from './crc32c';
import type { DigestAlgorithm, PersistableHasher } from './hasher';
import { Md5 } from './md5';
import { Sha1 } from './sha1';
import { Sha256 } from './sha256';

/** A fresh hasher in plain TypeScript (pureHashers.create; the segment tree's inner nodes). */
export function createPure(algorithm: DigestAlgorithm): PersistableHasher {
  switch (algorithm) {
    case 'sha1':
      return new Sha1();
    case 'sha256':
      return new Sha256();
    case 'md5':
      return new Md5();
    case 'adler32':
      return new Adler32();
    case 'crc32c':
      return new Crc32c();
  }
  throw new TypeError(`unknown digest algorithm: ${String(algorithm)}`);
}
