// Cross-check of the pure hashers against node:crypto (tests may use Node; the sources do not).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64, toHex } from '../../src/digest/index';
import { hexOf, randomBytes } from './helpers';

const NODE_NAMES = { sha1: 'sha1', sha256: 'sha256', md5: 'md5' } as const;

describe('pure hashers agree with node:crypto', () => {
  for (const [alg, name] of Object.entries(NODE_NAMES) as [keyof typeof NODE_NAMES, string][]) {
    it(`${alg}: random data of random length`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 3_000 }), (data) => {
          expect(hexOf(alg, data)).toBe(createHash(name).update(data).digest('hex'));
        }),
        { numRuns: 150 },
      );
    });

    it(`${alg}: 5 MB in uneven chunks`, () => {
      const data = randomBytes(5_000_017, 99);
      const chunks = [];
      for (let i = 0; i < data.length; i += 65_519) chunks.push(data.subarray(i, i + 65_519));
      expect(hexOf(alg, ...chunks)).toBe(createHash(name).update(data).digest('hex'));
    });
  }

  it('base64 agrees with Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        expect(toBase64(data)).toBe(Buffer.from(data).toString('base64'));
        expect(toHex(data)).toBe(Buffer.from(data).toString('hex'));
      }),
    );
  });
});
