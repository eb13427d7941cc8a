import { pureHashers, streamOfBytes } from '@rangeway/core';
import { describe, expect, it } from 'vitest';
import { fidOf } from '../src/index';
import { requiredSpace } from '../src/fid';

const MiB = 1024 * 1024;

/** Byte i = i mod 251, the §12.3 pattern, streamed in 1 MiB pieces so nothing big is held. */
function pattern(n: number): ReadableStream<Uint8Array> {
  const block = new Uint8Array(251 * 4096);
  for (let i = 0; i < block.length; i++) block[i] = i % 251;
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= n) return controller.close();
      const take = Math.min(block.length, n - sent);
      controller.enqueue(block.slice(0, take)); // the block starts at a multiple of 251: the pattern continues
      sent += take;
    },
  });
}

describe('fid (spec §9.3 and the §12.3 vectors)', () => {
  it('hello world: one zero-padded segment, H(h0‖h0)', async () => {
    expect(await fidOf(streamOfBytes(new TextEncoder().encode('hello world')), pureHashers)).toBe(
      '56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9',
    );
  });

  it('67,108,864 bytes: exactly two segments', async () => {
    expect(await fidOf(pattern(64 * MiB), pureHashers)).toBe('217659ec41c752e3dd89ca21290692108ce59039af5d8141939b72dbe069fcd8');
  });

  it('67,108,865 bytes: three segments, the odd one paired with itself', async () => {
    expect(await fidOf(pattern(64 * MiB + 1), pureHashers)).toBe('bbd510f3260213a5963c939d65d10c38704be068f1bd45c513cdbd5d862476bc');
  });

  it('has no value for an empty file', async () => {
    await expect(fidOf(streamOfBytes(), pureHashers)).rejects.toThrow();
  });
});

describe('territory space a file takes (spec §9.2)', () => {
  it('is 96 MiB up to 3 segments, then 3 copies of the whole segments', () => {
    expect(requiredSpace(1)).toBe(100_663_296);
    expect(requiredSpace(100_663_296)).toBe(100_663_296);
    expect(requiredSpace(100_663_297)).toBe(4 * 32 * MiB * 3);
    expect(requiredSpace(445_531_360)).toBe(14 * 32 * MiB * 3);
  });
});
