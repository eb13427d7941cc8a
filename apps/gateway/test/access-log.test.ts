import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src/index';

const put = (body = 'abcd', query = '') =>
  new Request(`http://127.0.0.1/eos/log/a.bin${query}`, {
    method: 'PUT',
    body,
    headers: { 'content-length': String(body.length), 'x-upload-range': `bytes=0-${body.length - 1}`, 'x-upload-totalsize': String(body.length) },
  });

describe('request log lines', () => {
  it('text: one line per request with dialect, method, path, status, bytes, duration; never the query', async () => {
    const lines: string[] = [];
    const app = createGateway({ logSink: (l) => lines.push(l) });
    await app.fetch(put('abcd', '?authz=SECRET-TOKEN'));
    await app.request('/nowhere');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z [0-9a-z]+-1 eos PUT \/eos\/log\/a\.bin 201 in=4 out=0 [\d.]+ms upload=\S+$/);
    expect(lines[1]).toMatch(/ - GET \/nowhere 404 in=0 out=\d+ [\d.]+ms$/);
    expect(lines.join('\n')).not.toContain('SECRET');
  });

  it('json: one object per line with stable field names, and the fault rule that fired', async () => {
    const lines: string[] = [];
    const app = createGateway({
      logSink: (l) => lines.push(l),
      config: { logFormat: 'json', fault: ['{"dialect":"eos","method":"PUT","action":"status","status":503,"times":1,"id":"boom"}'] },
    });
    await app.fetch(put());
    await app.fetch(put());
    const [faulted, ok] = lines.map((l) => JSON.parse(l));
    expect(Object.keys(faulted)).toEqual(['time', 'id', 'dialect', 'method', 'path', 'status', 'bytesIn', 'bytesOut', 'durationMs', 'upload', 'fault']);
    expect(faulted).toMatchObject({ dialect: 'eos', method: 'PUT', path: '/eos/log/a.bin', status: 503, upload: null, fault: 'boom' });
    expect(ok).toMatchObject({ status: 201, fault: null, bytesIn: 4 });
    // the upload session the request wrote to, as the admin API lists it
    const { sessions } = await (await app.request('/_rangeway/sessions?dialect=eos')).json();
    expect(ok.upload).toBe(sessions[0].id);
  });

  it('every dialect names the upload session its requests worked on', async () => {
    const lines: string[] = [];
    const app = createGateway({ logSink: (l) => lines.push(l), config: { logFormat: 'json', box: { minFileSize: 1 }, deoss: { auth: 'off' } } });
    const box = await (
      await app.request('/api/2.0/files/upload_sessions', { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: 4, file_name: 'l.bin' }) })
    ).json();
    await app.request(`/api/2.0/files/upload_sessions/${box.id}`);
    await app.request('/api/v1/storage/l/a.bin?format=resumable', { method: 'POST' });
    await app.request('/api/v1/storage/l/a.bin?format=resumable', { method: 'PUT', body: 'ab', headers: { 'content-range': 'bytes 0-1/4' } });
    await app.request('/resume/l.bin', { method: 'PUT', body: 'ab', headers: { 'content-range': 'bytes 0-1/4', territory: 't', account: 'cX' } });
    const { sessions } = await (await app.request('/_rangeway/sessions')).json();
    const idOf = (dialect: string) => sessions.find((s: { dialect: string }) => s.dialect === dialect).id;
    const uploads = lines.map((l) => JSON.parse(l)).map((l) => [l.dialect, l.method, l.upload]);
    expect(uploads).toEqual([
      ['box', 'POST', idOf('box')],
      ['box', 'GET', idOf('box')],
      ['clickhelp', 'POST', null], // Step 1 only opens the upload: no bytes, no session id in the answer
      ['clickhelp', 'PUT', idOf('clickhelp')],
      ['deoss', 'PUT', idOf('deoss')],
      ['rangeway', 'GET', null],
    ]);
  });

  it('levels: warn keeps 4xx and 5xx, --quiet keeps 5xx only, off none', async () => {
    for (const [config, expected] of [
      [{ logLevel: 'warn' }, [404]],
      [{ quiet: true }, []],
      [{ logLevel: 'off' }, []],
    ] as const) {
      const lines: string[] = [];
      const app = createGateway({ logSink: (l) => lines.push(l), config });
      await app.fetch(put());
      await app.request('/nowhere');
      expect(lines.map((l) => Number(/ (\d{3}) in=/.exec(l)![1]))).toEqual(expected);
    }
  });

  it('rangeway serve prints where each dialect and the live page answer, then a line per request', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'rangeway.js'), 'serve', '--store', 'memory', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d));
      const until = async (re: RegExp) => {
        for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 25));
        return re.exec(out);
      };
      const url = (await until(/listening on (http:\/\/\S+)/))![1]!;
      expect(out).toContain(`  Box        ${url}/api/2.0/files/upload_sessions`);
      expect(out).toContain(`  EOS        ${url}/eos/<path>`);
      expect(out).toContain(`  live page  ${url}/_rangeway/`);
      await fetch(`${url}/eos/x/y.bin`);
      expect(await until(/ eos GET \/eos\/x\/y\.bin 404 /)).not.toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
