import { expect } from 'vitest';
import type { Scenario } from './scenario';

// CESS DeOSS range upload (deoss.md §11), signature checks off: `hello world` in three chunks,
// 308 progress replies, the fid of the final reply checked against the spec's vector, a gap
// refused, then the file read back by fid.
const text = (s: string) => new TextEncoder().encode(s);
const FID = '56fe5489fa37425d5bfd4def2789eacc3ccf21185cb8102b76218de97e59f5f9';

export const deoss: Scenario = {
  dialect: 'deoss',
  flags: ['--deoss-auth', 'off'],
  async run(url, runtime) {
    const put = (range: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/resume/hello-${runtime}.txt`, {
        method: 'PUT',
        headers: { 'content-range': range, territory: 'smoke', ...headers },
        body: text(body),
        redirect: 'manual',
      });

    const first = await put('bytes 0-3/11', 'hell');
    expect(first.status).toBe(308);
    expect(first.headers.get('content-range')).toBe('bytes 0-3/11');
    expect(await first.text()).toBe('null');

    const gap = await put('bytes 5-7/11', ' wo');
    expect(await gap.json()).toEqual({ code: 400, msg: 'Illegal Content-Range content', data: null });

    const second = await put('bytes 4-7/11', 'o wo');
    expect(second.status).toBe(308);
    expect(second.headers.get('content-range')).toBe('bytes 4-7/11');

    const last = await put('bytes 8-10/11', 'rld');
    expect(last.status).toBe(200);
    expect(await last.json()).toEqual({ code: 200, msg: 'ok', data: { fid: FID } });

    const back = await fetch(`${url}/file/download/${FID}`);
    expect(back.status).toBe(200);
    expect(await back.text()).toBe('hello world');
  },
};
