import { describe, expect, it } from 'vitest';
import { FIXED_TIME, data, expectError, range, setup } from './helpers';

const R = '?format=resumable';

/** A storage with files uploaded at distinct times. */
async function filled(options: Parameters<typeof setup>[0] = {}) {
  const env = setup(options);
  const put = async (path: string, bytes: Uint8Array) => {
    await env.call('POST', `${path}${R}`);
    const r = await env.call('PUT', `${path}${R}`, { headers: range(0, bytes.length - 1, bytes.length), body: bytes });
    expect(r.status).toBe(201);
    env.clock.advance(1000);
  };
  await put('project/info.png', data(5, 1));
  await put('project/img/logo.png', data(7, 2));
  await put('project/img/old/logo.gif', data(3, 3));
  await put('readme.txt', data(4, 4));
  return { ...env, put };
}
const at = (s: number) => new Date(FIXED_TIME + s * 1000).toISOString().slice(0, 19);
const names = (list: Array<{ fileFullName: string }>) => list.map((e) => e.fileFullName);

describe('storage GET', () => {
  it('gets one file with content null, or with its base64 content (format=base64)', async () => {
    const { call } = await filled();
    const info = await call('GET', 'project/img/logo.png');
    expect(info.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await info.text()).toBe(
      `{"fileName":"logo.png","fileFullName":"Storage\\\\project\\\\img\\\\logo.png","content":null,"modifiedBy":"admin","modifiedOn":"${at(1)}","size":7,"isFolder":false}`,
    );
    const b64 = await (await call('GET', 'project/img/logo.png?format=base64')).json();
    expect(Buffer.from(b64.content, 'base64')).toEqual(Buffer.from(data(7, 2)));
    expect(Object.keys(b64)).toEqual(['fileName', 'fileFullName', 'content', 'modifiedBy', 'modifiedOn', 'size', 'isFolder']);
  });

  it('streams base64 content correctly across stored chunk boundaries', async () => {
    const { put, call } = await filled({ maxChunkSize: 4 << 20 });
    // the memory store reads back in 1 MiB pages, not a multiple of 3: the carry between pages matters
    for (const n of [1, 2, 3, 4, (2 << 20) + 5]) {
      const bytes = data(n, n);
      await put(`b64/${n}.bin`, bytes);
      const json = await (await call('GET', `b64/${n}.bin?format=base64`)).json();
      expect(json.content).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('lists a folder: files and subfolders, all levels with isRecursive, names matched by filter', async () => {
    const { call } = await filled();
    const top = await (await call('GET', 'project')).json();
    expect(names(top)).toEqual(['Storage\\project\\img', 'Storage\\project\\info.png']);
    expect(top[0]).toEqual({
      fileName: 'img',
      fileFullName: 'Storage\\project\\img',
      content: null,
      modifiedBy: 'admin',
      modifiedOn: at(2), // its newest file
      size: 0,
      isFolder: true,
    });
    const all = await (await call('GET', 'project?isRecursive=true')).json();
    expect(names(all)).toEqual([
      'Storage\\project\\img',
      'Storage\\project\\img\\logo.png',
      'Storage\\project\\img\\old',
      'Storage\\project\\img\\old\\logo.gif',
      'Storage\\project\\info.png',
    ]);
    expect(names(await (await call('GET', 'project?isRecursive=true&filter=logo.*')).json())).toEqual([
      'Storage\\project\\img\\logo.png',
      'Storage\\project\\img\\old\\logo.gif',
    ]);
    expect(names(await (await call('GET', 'project?isRecursive=true&filter=*.PNG')).json())).toEqual([]); // case-sensitive
    expect(names(await (await call('GET', 'project?filter=i*')).json())).toEqual(['Storage\\project\\img', 'Storage\\project\\info.png']);
    expect(names(await (await call('GET', '')).json())).toEqual(['Storage\\project', 'Storage\\readme.txt']);
  });

  it('treats regex characters in filter literally', async () => {
    const { put, call } = await filled();
    await put('f/a.b', data(1));
    await put('f/axb', data(1));
    expect(names(await (await call('GET', 'f?filter=a.b')).json())).toEqual(['Storage\\f\\a.b']);
    expect(names(await (await call('GET', `f?filter=${encodeURIComponent('(a|x)*')}`)).json())).toEqual([]);
  });

  it('answers HEAD on a file with the GET headers and no body', async () => {
    const { call } = await filled();
    const r = await call('HEAD', 'readme.txt');
    expect([r.status, r.headers.get('content-type'), await r.text()]).toEqual([200, 'application/json; charset=utf-8', '']);
  });
});

describe('storage DELETE (extension)', () => {
  it('is 501 unless allowed; when allowed it deletes the file, its bytes and its upload record', async () => {
    const off = await filled();
    await expectError(await off.call('DELETE', 'readme.txt'), 501);
    expect((await off.call('GET', 'readme.txt')).status).toBe(200);

    const on = await filled({ allowDelete: true });
    const file = (await on.storage.files.get('clickhelp', 'readme.txt'))!;
    const del = await on.call('DELETE', 'readme.txt');
    expect([del.status, await del.text()]).toEqual([204, '']);
    expect(await on.storage.blobs.size(file.blobKey)).toBeUndefined();
    await expectError(await on.call('GET', 'readme.txt'), 404);
    await expectError(await on.call('DELETE', 'readme.txt'), 404);
    // a repeated final chunk no longer finds a completed upload
    await expectError(await on.call('PUT', `readme.txt${R}`, { headers: range(0, 3, 4), body: data(4, 4) }), 404);
    await expectError(await on.call('DELETE', 'project'), 501); // folders are not deleted
  });
});
