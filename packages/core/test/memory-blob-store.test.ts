import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore, collectBytes, streamOfBytes } from '../src/index';

type Op = { kind: 'write'; offset: number; chunks: Uint8Array[] } | { kind: 'truncate'; size: number };

const op = fc.oneof(
  fc.record({
    kind: fc.constant('write' as const),
    offset: fc.nat(300),
    chunks: fc.array(fc.uint8Array({ minLength: 0, maxLength: 60 }), { maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), size: fc.nat(400) }),
);

/** The blob as a plain byte array: what every read must give. */
function apply(model: Uint8Array, o: Op): Uint8Array {
  if (o.kind === 'truncate') {
    const out = new Uint8Array(o.size);
    out.set(model.subarray(0, o.size));
    return out;
  }
  const length = o.chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(Math.max(model.length, o.offset + length));
  out.set(model);
  let at = o.offset;
  for (const c of o.chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('the memory blob store (chunks kept as written)', () => {
  it('property: any mix of writes, overwrites and truncates reads back as a plain byte array would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), fc.nat(400), fc.nat(400), async (ops, a, b) => {
        const store = new MemoryBlobStore();
        let model: Uint8Array = new Uint8Array(0);
        for (const o of ops) {
          if (o.kind === 'write') await store.write('k', o.offset, streamOfBytes(...o.chunks));
          else await store.truncate('k', o.size);
          model = apply(model, o);
          expect(await store.size('k')).toBe(model.length);
          expect(await collectBytes(await store.read('k'))).toEqual(model);
        }
        const [start, end] = [Math.min(a, b), Math.max(a, b)];
        expect(await collectBytes(await store.read('k', { start, end }))).toEqual(model.slice(start, Math.min(end, model.length)));
      }),
      { numRuns: 300 },
    );
  });

  it('a read gives the bytes as they were when it was asked for, whatever is written after', async () => {
    const store = new MemoryBlobStore();
    await store.write('k', 0, streamOfBytes(new Uint8Array(100).fill(1)));
    const before = await store.read('k', { start: 10, end: 90 });
    await store.write('k', 0, streamOfBytes(new Uint8Array(100).fill(2)));
    await store.truncate('k', 20);
    expect(await collectBytes(before)).toEqual(new Uint8Array(80).fill(1));
  });

  it('copies a small view of a large buffer instead of keeping the buffer alive', async () => {
    const store = new MemoryBlobStore();
    const big = new Uint8Array(1 << 20).fill(7);
    await store.write('k', 0, streamOfBytes(big.subarray(0, 16)));
    big.fill(0); // only a copy can still hold the 7s
    expect(await collectBytes(await store.read('k'))).toEqual(new Uint8Array(16).fill(7));
  });
});
