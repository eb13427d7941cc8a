import { describe, expect, it } from 'vitest';
import { Verdicts } from '../src/verdicts';
import { SIGNED, VECTOR, expectEnvelope, range, setup } from './helpers';

describe('remembered signature verdicts', () => {
  it('verifies a triple once, refusals included, and keeps at most `limit`, least recently used out first', () => {
    const v = new Verdicts(2);
    let calls = 0;
    const verify = (ok: boolean) => () => (calls++, ok);
    expect(v.check('good', verify(true))).toBe(true);
    expect(v.check('good', verify(false))).toBe(true);
    expect(v.check('forged', verify(false))).toBe(false);
    expect(v.check('forged', verify(true))).toBe(false);
    expect(calls).toBe(2);
    v.check('good', verify(true)); // used again: 'forged' is now the oldest
    v.check('third', verify(true));
    expect(v.size).toBe(2);
    expect(v.check('forged', verify(true))).toBe(true); // forgotten, so verified anew
    expect(calls).toBe(4);
  });

  it('a remembered signature never outlives its message: past the deadline it is refused', async () => {
    const env = setup();
    expect((await env.put('x.bin', { ...SIGNED, ...range(0, 0, 3) }, 'a')).status).toBe(308);
    expect((await env.put('x.bin', { ...SIGNED, ...range(1, 1, 3) }, 'b')).status).toBe(308);
    env.clock.set(Number(VECTOR.message) * 1000);
    await expectEnvelope(await env.put('x.bin', { ...SIGNED, ...range(2, 2, 3) }, 'c'), 403, 'no permission');
  });

  it('a forged signature stays refused on every retry, and does not spoil the real one', async () => {
    const env = setup();
    const forged = { ...SIGNED, signature: VECTOR.signature.replace(/0$/, '1') };
    for (let i = 0; i < 3; i++) await expectEnvelope(await env.put('x.bin', { ...forged, ...range(0, 0, 2) }, 'a'), 403, 'no permission');
    expect((await env.put('x.bin', { ...SIGNED, ...range(0, 0, 2) }, 'a')).status).toBe(308);
  });
});
