// One upload client per dialect, written from the vendor specs, sending chunks in order like
// the vendors' own clients do. Each returns the wall time and its final/commit step's time.
import { chunk, fileDigests, sha1Of } from './data.mjs';
import { expectStatus, send } from './http.mjs';

const json = (body) => ({ 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });

/** Box as its SDKs send it: parts `parallel` at a time (the SDKs' default is 8 once a file is big). */
async function box(url, { size, name, parallel = 1 }) {
  const t0 = performance.now();
  const create = JSON.stringify({ folder_id: '0', file_size: size, file_name: name });
  const s = JSON.parse(expectStatus(await send(`${url}/api/2.0/files/upload_sessions`, { method: 'POST', headers: json(create), body: create }), [201], 'box create').text);
  const offsets = [];
  for (let o = 0; o < size; o += s.part_size) offsets.push(o);
  const parts = new Array(offsets.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < offsets.length; i = next++) {
      const o = offsets[i];
      const n = Math.min(s.part_size, size - o);
      const res = await send(s.session_endpoints.upload_part, {
        method: 'PUT',
        headers: { 'content-range': `bytes ${o}-${o + n - 1}/${size}`, digest: `sha=${sha1Of(o, n)}`, 'content-type': 'application/octet-stream', 'content-length': n },
        body: chunk(o, n),
      });
      parts[i] = JSON.parse(expectStatus(res, [200], 'box part').text).part;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const body = JSON.stringify({ parts });
  const commit = expectStatus(
    await send(s.session_endpoints.commit, { method: 'POST', headers: { ...json(body), digest: `sha=${fileDigests(size).sha1}` }, body }),
    [201],
    'box commit',
  );
  return { ms: performance.now() - t0, finalMs: commit.ms, requests: parts.length + 2 };
}

async function eos(url, { size, chunkSize, name }) {
  const t0 = performance.now();
  const checksum = `adler32:${fileDigests(size).adler32}`;
  let finalMs = 0;
  let n = 0;
  for (let o = 0; o < size; o += chunkSize, n++) {
    const len = Math.min(chunkSize, size - o);
    const res = await send(`${url}/eos/bench/${name}`, {
      method: 'PUT',
      headers: { 'x-upload-range': `bytes=${o}-${o + len - 1}`, 'x-upload-totalsize': size, 'x-upload-checksum': checksum, 'x-upload-mtime': '1700000000', 'content-length': len },
      body: chunk(o, len),
    });
    expectStatus(res, [201], 'eos piece');
    finalMs = res.ms;
  }
  return { ms: performance.now() - t0, finalMs, requests: n };
}

/** A real sr25519 signature of the message 4102444800 by the account below (valid until 2100). */
export const DEOSS_SIGNATURE = '0xda679e42716dd8d24274eed5b433af831e68efabe869f0913e51da76d7ab536f69cd1d4802d5def74b0d29f353fdebf3244b1780512da6aa37340d9d60ef0480';

async function deoss(url, { size, chunkSize, name, signature = 'unchecked' }) {
  const t0 = performance.now();
  let finalMs = 0;
  let n = 0;
  for (let o = 0; o < size; o += chunkSize, n++) {
    const len = Math.min(chunkSize, size - o);
    const res = await send(`${url}/resume/${name}`, {
      method: 'PUT',
      headers: {
        'content-range': `bytes ${o}-${o + len - 1}/${size}`,
        account: 'cXk657sjdzix6s2vidjA7yt6KfnVkqL7m9iuf2rMKTTjBRHRt',
        message: '4102444800',
        signature,
        territory: 'bench',
        'content-length': len,
      },
      body: chunk(o, len),
    });
    expectStatus(res, [200, 308], 'deoss chunk');
    if (res.status === 200 && !res.text.includes('"fid"')) throw new Error(`deoss: ${res.text}`);
    finalMs = res.ms;
  }
  return { ms: performance.now() - t0, finalMs, requests: n };
}

async function clickhelp(url, { size, chunkSize, name }) {
  const t0 = performance.now();
  const path = `${url}/api/v1/storage/bench/${name}?format=resumable`;
  expectStatus(await send(`${path}&isOverwrite=true`, { method: 'POST', headers: { 'content-length': 0 } }), [200, 204], 'clickhelp start');
  let finalMs = 0;
  let n = 0;
  for (let o = 0; o < size; o += chunkSize, n++) {
    const len = Math.min(chunkSize, size - o);
    const res = await send(path, { method: 'PUT', headers: { 'content-range': `bytes ${o}-${o + len - 1}/${size}`, 'content-length': len }, body: chunk(o, len) });
    expectStatus(res, [201, 202], 'clickhelp chunk');
    finalMs = res.ms;
  }
  return { ms: performance.now() - t0, finalMs, requests: n + 1 };
}

/** Baseline (b): the same bytes as positioned writes into one file. */
async function pwrite(url, { size, chunkSize }) {
  const t0 = performance.now();
  let n = 0;
  for (let o = 0; o < size; o += chunkSize, n++) {
    const len = Math.min(chunkSize, size - o);
    expectStatus(await send(`${url}/file`, { method: 'PUT', headers: { 'x-offset': o, 'content-length': len }, body: chunk(o, len) }), [201], 'pwrite');
  }
  return { ms: performance.now() - t0, finalMs: 0, requests: n };
}

/** Baseline (a): a server that only counts the bytes. */
async function count(url, { size, chunkSize }) {
  const t0 = performance.now();
  let n = 0;
  for (let o = 0; o < size; o += chunkSize, n++) {
    const len = Math.min(chunkSize, size - o);
    expectStatus(await send(`${url}/`, { method: 'PUT', headers: { 'content-length': len }, body: chunk(o, len) }), [200], 'count');
  }
  return { ms: performance.now() - t0, finalMs: 0, requests: n };
}

/** Baseline (c): tus creation + PATCH requests. */
async function tus(url, { size, chunkSize }) {
  const t0 = performance.now();
  const created = expectStatus(
    await send(`${url}/files`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': size, 'content-length': 0 } }),
    [201],
    'tus create',
  );
  const location = new URL(created.headers.location, url).href;
  let n = 0;
  for (let o = 0; o < size; o += chunkSize, n++) {
    const len = Math.min(chunkSize, size - o);
    expectStatus(
      await send(location, {
        method: 'PATCH',
        headers: { 'tus-resumable': '1.0.0', 'upload-offset': o, 'content-type': 'application/offset+octet-stream', 'content-length': len },
        body: chunk(o, len),
      }),
      [204],
      'tus patch',
    );
  }
  return { ms: performance.now() - t0, finalMs: 0, requests: n + 1 };
}

export const clients = { box, eos, deoss, clickhelp, pwrite, count, tus };
