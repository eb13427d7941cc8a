import { describe, expect, it } from 'vitest';
import { SIGNED, expectEnvelope, range, setup } from './helpers';

const FID = '56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9';

describe('the spec §11 worked example (hello world in three chunks)', () => {
  it('answers 308 + echoed Content-Range + null twice, then the fid envelope', async () => {
    const env = setup();
    const headers = { ...SIGNED, territory: 'home' };
    const chunks: [string, string][] = [
      ['bytes 0-3/11', 'hell'],
      ['bytes 4-7/11', 'o wo'],
    ];
    for (const [r, body] of chunks) {
      const res = await env.put('hello.txt', { ...headers, 'content-range': r }, body);
      expect(res.status).toBe(308);
      expect(res.headers.get('content-range')).toBe(r);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text()).toBe('null');
    }
    const last = await env.put('hello.txt', { ...headers, ...range(8, 10, 11) }, 'rld');
    expect(last.status).toBe(200);
    expect(last.headers.get('content-range')).toBeNull();
    expect(await last.text()).toBe(`{"code":200,"msg":"ok","data":{"fid":"${FID}"}}`);
    expect(new TextDecoder().decode(await env.stored(FID))).toBe('hello world');

    const meta = await env.app.request(`http://localhost/file/metadata/${FID}`);
    expect(await meta.text()).toBe(
      `{"code":200,"msg":"ok","data":{"fid":"${FID}","size":11,"owner":[{"user":"${SIGNED.account}","file_name":"hello.txt"}]}}`,
    );
  });

  it('without Territory the final chunk answers "please purchase territory first" and keeps the bytes', async () => {
    const env = setup();
    await env.put('hello.txt', { ...SIGNED, ...range(0, 3, 11) }, 'hell');
    await env.put('hello.txt', { ...SIGNED, ...range(4, 7, 11) }, 'o wo');
    await expectEnvelope(await env.put('hello.txt', { ...SIGNED, ...range(8, 10, 11) }, 'rld'), 400, 'please purchase territory first');
    // the client adds the header and sends the final chunk again: it completes
    const again = await env.put('hello.txt', { ...SIGNED, territory: 'home', ...range(8, 10, 11) }, 'rld');
    expect(await again.json()).toEqual({ code: 200, msg: 'ok', data: { fid: FID } });
  });

  it('a gap (bytes 5-7/11 while 4 bytes are held) is Illegal Content-Range content', async () => {
    const env = setup();
    await env.put('hello.txt', { ...SIGNED, ...range(0, 3, 11) }, 'hell');
    await expectEnvelope(await env.put('hello.txt', { ...SIGNED, ...range(5, 7, 11) }, 'wo!'), 400, 'Illegal Content-Range content');
  });
});
