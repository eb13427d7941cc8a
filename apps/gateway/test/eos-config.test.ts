import { describe, expect, it } from 'vitest';
import { createGateway, loadConfig } from '../src/index';

describe('eos options', () => {
  it('--eos-bug-compatible reaches the dialect: a range without x-upload-totalsize is written, not refused', async () => {
    const put = { method: 'PUT', headers: { 'x-upload-range': 'bytes=5-7', 'content-length': '3' }, body: 'abc' };
    const strict = createGateway({ config: loadConfig({ argv: [] }) });
    expect((await strict.request('http://127.0.0.1/eos/b/x.bin', put)).status).toBe(400);
    const quirky = createGateway({ config: loadConfig({ argv: ['--eos-bug-compatible'] }) });
    expect((await quirky.request('http://127.0.0.1/eos/b/x.bin', put)).status).toBe(201);
    expect(await (await quirky.request('http://127.0.0.1/eos/b/x.bin')).text()).toBe('abc'); // at offset 0
  });
});
