import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyChunks, bodySource, contentLength, drainBody, requestOrigin } from '../src/index';

describe('requestOrigin', () => {
  const app = (opts: Parameters<typeof requestOrigin>[1]) => {
    const a = new Hono();
    a.get('/o', (c) => c.text(requestOrigin(c, opts)));
    return a;
  };
  const fwd = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'files.example.com' };

  it('uses the request URL by default and ignores forwarded headers', async () => {
    expect(await (await app({}).request('http://127.0.0.1:8080/o', { headers: fwd })).text()).toBe('http://127.0.0.1:8080');
  });

  it('honours forwarded headers only when trusted, and only sane values', async () => {
    expect(await (await app({ trustProxy: true }).request('http://127.0.0.1/o', { headers: fwd })).text()).toBe(
      'https://files.example.com',
    );
    const evil = { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'a/b@evil' };
    expect(await (await app({ trustProxy: true }).request('http://127.0.0.1/o', { headers: evil })).text()).toBe(
      'http://127.0.0.1',
    );
  });

  it('prefers a configured public origin', async () => {
    expect(await (await app({ publicOrigin: 'https://up.example/', trustProxy: true }).request('http://x/o', { headers: fwd })).text()).toBe(
      'https://up.example',
    );
  });
});

describe('body helpers', () => {
  it('reads lengths strictly and streams bodies', async () => {
    const a = new Hono();
    a.put('/b', async (c) => {
      let n = 0;
      for await (const chunk of bodySource(c)) n += chunk.length;
      return c.json({ n, len: contentLength(c) ?? null });
    });
    a.put('/d', async (c) => c.json({ ok: await drainBody(c, 4) }));
    expect(await (await a.request('/b', { method: 'PUT', body: 'hello', headers: { 'content-length': '5' } })).json()).toEqual({ n: 5, len: 5 });
    expect(await (await a.request('/b', { method: 'PUT' })).json()).toEqual({ n: 0, len: null });
    const bad = await a.request('/b', { method: 'PUT', headers: { 'content-length': '-1' } });
    expect((await bad.json()).len).toBe(null); // NaN serialises as null
    expect(await (await a.request('/d', { method: 'PUT', body: 'abc' })).json()).toEqual({ ok: true });
    expect(await (await a.request('/d', { method: 'PUT', body: 'abcdef' })).json()).toEqual({ ok: false });
  });

  it("takes a host's cheaper body for the request it passed in, and only for that request", async () => {
    const text = async (c: Parameters<typeof bodySource>[0]) => {
      let out = '';
      for await (const chunk of bodySource(c)) out += new TextDecoder().decode(chunk);
      return out;
    };
    const a = new Hono();
    a.put('/b', async (c) => c.text(await text(c)));
    // a middleware that swaps the request, as fault injection does
    a.put('/swapped', async (c) => {
      c.req.raw = new Request(c.req.raw, { body: 'from the swapped request', duplex: 'half' } as RequestInit);
      return c.text(await text(c));
    });
    a.put('/drain', async (c) => c.json({ ok: await drainBody(c, 100) }));
    const call = (path: string) => {
      const request = new Request(`http://x${path}`, { method: 'PUT', body: 'from request.body' });
      let made = 0;
      const host = new ReadableStream<Uint8Array>({
        start(ctl) {
          ctl.enqueue(new TextEncoder().encode('from the host'));
          ctl.close();
        },
      });
      const rangewayBody = { request, source: () => (made++, host) };
      return { res: a.fetch(request, { rangewayBody }), made: () => made, host };
    };
    expect(await (await call('/b').res).text()).toBe('from the host');
    expect(await (await call('/swapped').res).text()).toBe('from the swapped request');
    const d = call('/drain');
    expect(await (await d.res).json()).toEqual({ ok: true });
    expect(d.made()).toBeGreaterThan(0);
    expect(d.host.locked).toBe(false); // drained through the host's stream, lock released
  });

  it("reads a host's iterable body on from where an earlier reader stopped, and stops it past the drain limit", async () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    const iterable = (parts: string[]) => {
      let returned = false;
      const it: AsyncIterableIterator<Uint8Array> = {
        [Symbol.asyncIterator]: () => it,
        next: async () => (returned || parts.length === 0 ? { done: true, value: undefined } : { done: false, value: bytes(parts.shift()!) }),
        return: async () => ((returned = true), { done: true, value: undefined }),
      };
      return { it, returned: () => returned, left: () => parts.length };
    };
    const a = new Hono();
    a.put('/first-then-drain', async (c) => {
      const first = await bodyChunks(c).next(); // a reader that takes one chunk and stops
      return c.json({ first: new TextDecoder().decode(first.value as Uint8Array), drained: await drainBody(c, 10) });
    });
    a.put('/too-much', async (c) => c.json({ drained: await drainBody(c, 3) }));
    const call = (path: string, host: ReturnType<typeof iterable>) => {
      const request = new Request(`http://x${path}`, { method: 'PUT', body: 'from request.body' });
      return a.fetch(request, { rangewayBody: { request, source: () => host.it } });
    };
    const kept = iterable(['ab', 'cd', 'ef']);
    expect(await (await call('/first-then-drain', kept)).json()).toEqual({ first: 'ab', drained: true });
    expect(kept.left()).toBe(0);
    expect(kept.returned()).toBe(false); // stopping a reader does not stop the body
    const big = iterable(['ab', 'cd', 'ef']);
    expect(await (await call('/too-much', big)).json()).toEqual({ drained: false });
    expect(big.returned()).toBe(true);
    expect(big.left()).toBe(1);
  });
});
