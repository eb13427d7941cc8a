import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentTreeHasher, digestOf, isSegmentTreeHasher, pureHashers, toHex, type HasherFactory } from '../../src/digest/index';
import { ascii, mod251 } from './helpers';

const MiB32 = 32 * 1024 * 1024;
const sha256 = (...parts: Uint8Array[]) => digestOf(pureHashers, 'sha256', ...parts);

/** Straightforward model of deoss.md §9.3: pad, hash every segment, reduce level by level. */
function reference(data: Uint8Array, segmentSize: number): string {
  const padded = new Uint8Array(Math.ceil(data.length / segmentSize) * segmentSize);
  padded.set(data);
  let level: Uint8Array[] = [];
  for (let i = 0; i < padded.length; i += segmentSize) level.push(sha256(padded.subarray(i, i + segmentSize)));
  if (level.length === 1) return toHex(sha256(level[0]!, level[0]!));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256(level[i]!, level[i + 1] ?? level[i]!));
    level = next;
  }
  return toHex(level[0]!);
}

function tree(data: Uint8Array, segmentSize: number, factory: HasherFactory = pureHashers): string {
  const h = new SegmentTreeHasher({ segmentSize, factory });
  h.update(data);
  return toHex(h.digest());
}

describe('SegmentTreeHasher', () => {
  it('deoss.md §12.3: "hello world" (one segment)', () => {
    expect(toHex(sha256(ascii('hello world'), new Uint8Array(MiB32 - 11)))).toBe(
      'b11c760ebe38e3d5ad3ffb4a0d2bd3753e44c7f53f41062f0a3de9e5ff8f5120',
    );
    expect(tree(ascii('hello world'), MiB32)).toBe('56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9');
  });

  it('deoss.md §12.3: 67,108,864 and 67,108,865 bytes of i mod 251', () => {
    const data = mod251(2 * MiB32 + 1);
    const h = new SegmentTreeHasher({ segmentSize: MiB32, factory: pureHashers });
    // feed in odd-sized chunks so segment boundaries fall inside chunks
    for (let i = 0; i < 2 * MiB32; i += 3_000_001) h.update(data.subarray(i, Math.min(i + 3_000_001, 2 * MiB32)));
    const atTwo = h.clone();
    expect(toHex(atTwo.digest())).toBe('217659ec41c752e3dd89ca21290692108ce59039af5d8141939b72dbe069fcd8');
    h.update(data.subarray(2 * MiB32));
    expect(toHex(h.digest())).toBe('bbd510f3260213a5963c939d65d10c38704be068f1bd45c513cdbd5d862476bc');
  });

  it('matches the level-by-level model for 1…40 leaves', () => {
    const data = mod251(40 * 16);
    for (let n = 1; n <= 40 * 16; n += 7) expect(tree(data.subarray(0, n), 16), `${n} bytes`).toBe(reference(data.subarray(0, n), 16));
  });

  it('property: chunking and segment size do not break agreement with the model', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.integer({ min: 1, max: 100 }), fc.array(fc.nat(), { maxLength: 6 }), (data, size, cuts) => {
        const h = new SegmentTreeHasher({ segmentSize: size, factory: pureHashers });
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const p of [...points, data.length]) {
          h.update(data.subarray(prev, p));
          prev = p;
        }
        expect(toHex(h.digest())).toBe(reference(data, size));
      }),
      { numRuns: 150 },
    );
  });

  it('a feeder that waits for ready() never makes it ask a segment hasher for its digest synchronously', async () => {
    // a factory whose hashers would block the thread on digest() (like one hashing on another thread)
    const asyncOnly: HasherFactory = {
      create(alg) {
        const inner = pureHashers.create(alg);
        return {
          algorithm: alg,
          update: (c) => inner.update(c),
          digest: () => {
            throw new Error('digest() would block');
          },
          digestAsync: async () => inner.digest(),
          clone: () => {
            throw new Error('not needed');
          },
        };
      },
    };
    const data = mod251(40 * 16 + 5);
    for (const cut of [1, 7, 16, 33]) {
      const h = new SegmentTreeHasher({ segmentSize: 16, factory: asyncOnly });
      for (let i = 0; i < data.length; i += cut) {
        h.update(data.subarray(i, i + cut));
        const waiting = h.ready();
        if (waiting) {
          expect(() => h.update(data.subarray(0, 1))).toThrow(/before the ready/); // fed too early: refused, state kept
          await waiting;
        }
      }
      expect(toHex(await h.digestAsync()), `chunks of ${cut}`).toBe(reference(data, 16));
    }
  });

  it('leaves zeros (the last segment\'s padding, zero runs) to hashers that make them themselves', () => {
    let fedZeros = 0;
    let fedBytes = 0;
    const zeroMaking: HasherFactory = {
      create(alg) {
        const inner = pureHashers.create(alg);
        return {
          algorithm: alg,
          update: (c) => ((fedBytes += c.length), inner.update(c)),
          updateZeros: (n) => ((fedZeros += n), inner.update(new Uint8Array(n))),
          digest: () => inner.digest(),
          clone: () => inner.clone(),
        };
      },
    };
    const data = mod251(21);
    const h = new SegmentTreeHasher({ segmentSize: 16, factory: zeroMaking });
    h.update(data);
    h.updateZeros(40); // across two segment ends
    h.update(data.subarray(0, 5));
    const whole = new Uint8Array(21 + 40 + 5);
    whole.set(data);
    whole.set(data.subarray(0, 5), 61);
    expect(toHex(h.digest())).toBe(reference(whole, 16));
    expect({ fedBytes, fedZeros }).toEqual({ fedBytes: 26, fedZeros: 40 + 14 }); // and the last segment's 14 bytes of padding
  });

  it('empty input throws on digest()', () => {
    const h = new SegmentTreeHasher({ segmentSize: 16, factory: pureHashers });
    h.update(new Uint8Array(0));
    expect(() => h.digest()).toThrow(RangeError);
  });

  it('rejects a bad segment size', () => {
    for (const segmentSize of [0, -1, 1.5, Number.NaN]) {
      expect(() => new SegmentTreeHasher({ segmentSize, factory: pureHashers })).toThrow(RangeError);
    }
  });

  it('exportState needs persistable hashers; type guard', () => {
    const opaque: HasherFactory = {
      create: (alg) => {
        const inner = pureHashers.create(alg);
        return { algorithm: alg, update: (c) => inner.update(c), digest: () => inner.digest(), clone: () => inner.clone() };
      },
    };
    const h = new SegmentTreeHasher({ segmentSize: 16, factory: opaque });
    h.update(new Uint8Array(40));
    expect(() => h.exportState()).toThrow(TypeError);
    expect(isSegmentTreeHasher(h)).toBe(true);
    expect(isSegmentTreeHasher(pureHashers.create('sha256'))).toBe(false);
    expect(toHex(h.digest())).toBe(tree(new Uint8Array(40), 16));
  });
});
