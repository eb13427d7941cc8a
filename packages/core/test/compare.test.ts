import { describe, expect, it } from 'vitest';
import { sameBytes, streamOfBytes } from '../src/index';

const bytes = (...v: number[]) => Uint8Array.from(v);

describe('sameBytes', () => {
  it('is true only for exactly the same bytes, whatever the chunking', async () => {
    const stored = () => streamOfBytes(bytes(1, 2, 3), bytes(4, 5));
    expect(await sameBytes(streamOfBytes(bytes(1), bytes(2, 3, 4), bytes(5)), stored(), 5)).toBe(true);
    expect(await sameBytes(streamOfBytes(bytes(1, 2, 3, 4, 6)), stored(), 5)).toBe(false);
    expect(await sameBytes(streamOfBytes(bytes(1, 2, 3, 4)), stored(), 5)).toBe(false);
    expect(await sameBytes(streamOfBytes(bytes(1, 2, 3, 4, 5, 6)), stored(), 5)).toBe(false);
  });

  it('is false when the stored side is shorter or the body breaks off', async () => {
    expect(await sameBytes(streamOfBytes(bytes(1, 2, 3)), streamOfBytes(bytes(1, 2)), 3)).toBe(false);
    const broken = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes(1));
        c.error(new Error('connection reset'));
      },
    });
    expect(await sameBytes(broken, streamOfBytes(bytes(1, 2)), 2)).toBe(false);
  });
});
