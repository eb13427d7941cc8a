import { describe, expect, it } from 'vitest';
import { SIGNED, range, setup } from './helpers';

describe('odd file names never crash and never reach the byte store', () => {
  it('answers every name with the envelope, 308 or gin 404, never a 500', async () => {
    const env = setup();
    const names = ['%ZZ%ZZ', '%E0%A4xyz', '..', '...', '%2E%2E%2Fetc', 'a%00b.txt', `${'%25'.repeat(30)}`, 'ok name.txt', '%F0%9F%98%80%F0%9F%98%80'];
    for (const name of names) {
      const res = await env.put(name, { ...SIGNED, ...range(0, 0, 2) }, 'a');
      expect([200, 308, 404], name).toContain(res.status);
      if (res.status === 200) expect(JSON.parse(await res.text()).code, name).toBe(400);
    }
    const keys: string[] = [];
    for await (const key of env.storage.blobs.list('')) keys.push(key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^uploads\/[A-Za-z0-9_-]+$/);
  });
});
