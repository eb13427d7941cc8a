import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Adler32,
  Crc32c,
  DIGEST_ALGORITHMS,
  Md5,
  Sha1,
  Sha256,
  SegmentTreeHasher,
  isPersistable,
  pureHashers,
  toHex,
  type DigestAlgorithm,
  type Hasher,
} from '../../src/digest/index';
import { hexOf, randomBytes } from './helpers';

/** Cuts `data` at the given (unsorted, possibly repeated) points. */
function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, data.length]) {
    out.push(data.subarray(prev, p));
    prev = p;
  }
  return out;
}

function feed(h: Hasher, chunks: Uint8Array[]): Hasher {
  for (const c of chunks) h.update(c);
  return h;
}

const algs = fc.constantFrom<DigestAlgorithm>(...DIGEST_ALGORITHMS);

describe('chunking does not change the result', () => {
  it('property: any split equals one-shot, for every algorithm', () => {
    fc.assert(
      fc.property(algs, fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat(), { maxLength: 12 }), (alg, data, cuts) => {
        const oneShot = hexOf(alg, data);
        expect(toHex(feed(pureHashers.create(alg), split(data, cuts)).digest())).toBe(oneShot);
      }),
      { numRuns: 300 },
    );
  });

  it('byte-at-a-time and unaligned subarray views of a large buffer', () => {
    const backing = randomBytes(20_000 + 3, 7);
    const data = backing.subarray(3); // byteOffset 3: blocks are read through an unaligned view
    for (const alg of DIGEST_ALGORITHMS) {
      const oneShot = hexOf(alg, data);
      const h = pureHashers.create(alg);
      for (let i = 0; i < 300; i++) h.update(data.subarray(i, i + 1));
      h.update(data.subarray(300, 5_000));
      h.update(new Uint8Array(0));
      h.update(data.subarray(5_000));
      expect(toHex(h.digest()), alg).toBe(oneShot);
    }
  });

  it('padding boundaries: lengths 0…200', () => {
    const data = randomBytes(200, 3);
    for (const alg of ['sha1', 'sha256', 'md5'] as const) {
      for (let n = 0; n <= 200; n++) {
        const h = pureHashers.create(alg);
        h.update(data.subarray(0, n >> 1));
        h.update(data.subarray(n >> 1, n));
        expect(toHex(h.digest())).toBe(hexOf(alg, data.subarray(0, n)));
      }
    }
  });
});

describe('clone', () => {
  it('clones are independent of the original and of each other', () => {
    const a = randomBytes(1_000, 11);
    const b = randomBytes(333, 12);
    const c = randomBytes(77, 13);
    for (const alg of DIGEST_ALGORITHMS) {
      const h = pureHashers.create(alg);
      h.update(a);
      const k1 = h.clone();
      const k2 = h.clone();
      h.update(b);
      k1.update(c);
      expect(toHex(h.digest()), alg).toBe(hexOf(alg, a, b));
      expect(toHex(k1.digest()), alg).toBe(hexOf(alg, a, c));
      expect(toHex(k2.digest()), alg).toBe(hexOf(alg, a));
    }
  });

  it('segment tree clone', () => {
    const data = randomBytes(1_000, 5);
    const t = new SegmentTreeHasher({ segmentSize: 100, factory: pureHashers });
    t.update(data.subarray(0, 450));
    const k = t.clone();
    t.update(data.subarray(450));
    k.update(data.subarray(450, 700));
    const ref = (n: number) => {
      const r = new SegmentTreeHasher({ segmentSize: 100, factory: pureHashers });
      r.update(data.subarray(0, n));
      return toHex(r.digest());
    };
    expect(toHex(t.digest())).toBe(ref(1_000));
    expect(toHex(k.digest())).toBe(ref(700));
  });
});

describe('exportState / fromState', () => {
  it('property: a restored hasher continues exactly where the original was', () => {
    fc.assert(
      fc.property(algs, fc.uint8Array({ maxLength: 400 }), fc.nat(), (alg, data, cut) => {
        const at = cut % (data.length + 1);
        const h = pureHashers.create(alg);
        h.update(data.subarray(0, at));
        const state = h.exportState();
        const restored = pureHashers.restore(state);
        expect(restored.algorithm).toBe(alg);
        restored.update(data.subarray(at));
        expect(toHex(restored.digest())).toBe(hexOf(alg, data));
      }),
      { numRuns: 200 },
    );
  });

  it('static fromState of each class', () => {
    const data = randomBytes(150, 9);
    const cases = [
      [new Sha1(), Sha1.fromState],
      [new Sha256(), Sha256.fromState],
      [new Md5(), Md5.fromState],
      [new Adler32(), Adler32.fromState],
      [new Crc32c(), Crc32c.fromState],
    ] as const;
    for (const [h, fromState] of cases) {
      h.update(data.subarray(0, 70));
      const r = fromState(h.exportState());
      r.update(data.subarray(70));
      expect(toHex(r.digest())).toBe(hexOf(h.algorithm, data));
    }
  });

  it('segment tree state round trip, mid-segment and at a boundary', () => {
    const data = randomBytes(2_000, 21);
    for (const at of [0, 1, 250, 300, 1_234, 2_000]) {
      const t = new SegmentTreeHasher({ segmentSize: 250, factory: pureHashers });
      t.update(data.subarray(0, at));
      const state = t.exportState();
      const r = SegmentTreeHasher.fromState(state, pureHashers);
      const viaFactory = pureHashers.restore(state);
      expect(isPersistable(viaFactory)).toBe(true);
      r.update(data.subarray(at));
      viaFactory.update(data.subarray(at));
      t.update(data.subarray(at));
      const expected = toHex(t.digest());
      expect(toHex(r.digest())).toBe(expected);
      expect(toHex(viaFactory.digest())).toBe(expected);
    }
  });

  it('rejects malformed states with TypeError', () => {
    const sha = new Sha256();
    sha.update(randomBytes(10));
    const state = sha.exportState();
    expect(() => Sha256.fromState(state.subarray(0, state.length - 1))).toThrow(TypeError);
    expect(() => Sha1.fromState(state)).toThrow(TypeError);
    expect(() => pureHashers.restore(new Uint8Array([9, 2]))).toThrow(TypeError);
    expect(() => pureHashers.restore(new Uint8Array([1, 99]))).toThrow(TypeError);
    expect(() => pureHashers.restore(new Uint8Array(0))).toThrow(TypeError);
    expect(() => Adler32.fromState(new Uint8Array([1, 4, 0xff, 0xff, 0, 1]))).toThrow(RangeError); // B ≥ 65521
  });
});

describe('finished hashers', () => {
  it('refuse further use', () => {
    for (const alg of DIGEST_ALGORITHMS) {
      const h = pureHashers.create(alg);
      h.digest();
      expect(() => h.update(new Uint8Array(1)), alg).toThrow();
      expect(() => h.digest(), alg).toThrow();
      expect(() => h.clone(), alg).toThrow();
    }
  });

  it('value() does not finish Adler-32 or CRC-32C', () => {
    const a = new Adler32();
    a.update(new Uint8Array([1, 2, 3]));
    expect(a.value()).toBe(a.value());
    a.update(new Uint8Array([4]));
    expect(a.value()).toBe(parseInt(hexOf('adler32', new Uint8Array([1, 2, 3, 4])), 16));
    expect(Adler32.fromValue(a.value()).value()).toBe(a.value());
    expect(Crc32c.fromValue(0xe3069283).value()).toBe(0xe3069283);
  });
});
