import { pureHashers, streamOfBytes } from '@rangeway/core';
import { fidOf } from '@rangeway/deoss-compat';
import type { Acks } from '../acks';
import { type CrashDriver, type CrashUpload, mentions, ok, serveArgs } from './driver';

/** CESS DeOSS range upload: raw chunks with Content-Range from the last acknowledged one; 308 until the last answers 200. */
export const deossDriver: CrashDriver = {
  name: 'deoss',
  flags: ['--deoss-auth', 'off'],
  command: (dataDir) => [...serveArgs(dataDir), ...(deossDriver.flags ?? [])],
  owns: mentions,
  async upload(url: string, u: CrashUpload, acks: Acks) {
    if (acks.committed(u.name)) return;
    const total = u.data.length;
    // DeOSS has no offset query: the client resumes after the last chunk it saw acknowledged
    const resumedAt = acks.of(u.name).prefixLength;
    for (let from = resumedAt; from < total; ) {
      const end = Math.min(total, from + u.chunk);
      const res = await fetch(`${url}/resume/${u.name}`, {
        method: 'PUT',
        body: u.data.slice(from, end),
        headers: { 'content-range': `bytes ${from}-${end - 1}/${total}`, account: 'crash-test', territory: 'crash' },
      });
      const text = await res.text();
      // DeOSS answers with HTTP 200 and an envelope whose code says how it went (308 is bare)
      const code = res.status === 200 ? (JSON.parse(text) as { code: number }).code : res.status;
      // a resent last chunk whose upload is gone: the first send completed it before the kill
      // (DeOSS forgets a finished upload); the file is then found by its fid
      if (code === 400 && from === resumedAt && end === total && from > 0) {
        return acks.commit(u.name, await fidOf(streamOfBytes(u.data), pureHashers));
      }
      if (code !== 308 && code !== 200) throw new Error(`deoss chunk ${from}-${end - 1}: HTTP ${res.status} ${text}`);
      acks.ack(u.name, from, end);
      if (code === 200) return acks.commit(u.name, (JSON.parse(text) as { data: { fid: string } }).data.fid);
      from = end;
    }
  },
  async readBack(url, _u, fid) {
    return new Uint8Array(await (await ok(await fetch(`${url}/file/download/${fid}`), 'deoss download')).arrayBuffer());
  },
};
