import { createHash } from 'node:crypto';
import type { RangewayGateway } from '../../src/index';

/** Uploads and files of every dialect that exist before the hostile requests start. */
export type Fixtures = { boxSession: string; boxFile: string; fid: string };

const ok = async (res: Response | Promise<Response>, what: string) => {
  const r = await res;
  if (r.status >= 400) throw new Error(`fixture ${what}: ${r.status} ${await r.text()}`);
  return r;
};
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;

export async function makeFixtures(app: RangewayGateway): Promise<Fixtures> {
  const call = (path: string, init: RequestInit) => app.fetch(new Request(`http://127.0.0.1:8080${path}`, init));
  const api = '/api/2.0/files/upload_sessions';
  const create = (name: string) =>
    ok(call(api, { method: 'POST', body: JSON.stringify({ folder_id: '0', file_size: 3000, file_name: name }) }), 'box create').then((r) => r.json());
  const open = await create('open.bin');
  const done = await create('done.bin');
  const data = new Uint8Array(3000).fill(5);
  const parts = [];
  for (let from = 0; from < 3000; from += 1024) {
    const body = data.slice(from, Math.min(3000, from + 1024));
    const r = await ok(call(`${api}/${done.id}`, { method: 'PUT', body, headers: { 'content-range': `bytes ${from}-${from + body.length - 1}/3000`, digest: sha(body) } }), 'box part');
    parts.push((await r.json()).part);
  }
  await ok(call(`${api}/${open.id}`, { method: 'PUT', body: data.slice(0, 1024), headers: { 'content-range': 'bytes 0-1023/3000', digest: sha(data.slice(0, 1024)) } }), 'box open part');
  const committed = await (await ok(call(`${api}/${done.id}/commit`, { method: 'POST', body: JSON.stringify({ parts }), headers: { digest: sha(data) } }), 'box commit')).json();

  const piece = (path: string, range: string, total: string, body: string) =>
    ok(call(path, { method: 'PUT', body, headers: { 'content-length': String(body.length), 'x-upload-range': range, 'x-upload-totalsize': total } }), 'eos piece');
  await piece('/eos/dir/open.bin', 'bytes=0-3', '10', 'abcd');
  await piece('/eos/dir/done.bin', 'bytes=0-3', '4', 'abcd');

  const account = 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt';
  const chunk = (name: string, range: string, body: string) =>
    call(`/resume/${name}`, { method: 'PUT', body, headers: { 'content-range': range, account, territory: 't' } });
  await chunk('open.bin', 'bytes 0-3/10', 'abcd');
  const fid = ((await (await ok(chunk('done.bin', 'bytes 0-3/4', 'abcd'), 'deoss chunk')).json()) as { data: { fid: string } }).data.fid;

  const storage = '/api/v1/storage/docs';
  await ok(call(`${storage}/open.bin?format=resumable`, { method: 'POST' }), 'clickhelp start');
  await ok(call(`${storage}/open.bin?format=resumable`, { method: 'PUT', body: 'abcd', headers: { 'content-range': 'bytes 0-3/10' } }), 'clickhelp chunk');
  await ok(call(`${storage}/done.txt?format=base64`, { method: 'POST', body: JSON.stringify({ content: btoa('hello') }), headers: { 'content-type': 'application/json' } }), 'clickhelp file');

  return { boxSession: open.id, boxFile: committed.entries[0].id, fid };
}
