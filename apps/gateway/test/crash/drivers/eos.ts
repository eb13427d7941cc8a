import type { Acks } from '../acks';
import { type CrashDriver, type CrashUpload, mentions, ok, serveArgs } from './driver';

/** CERN EOS range PUT: pieces in order from the last acknowledged one; the piece reaching the total is final. */
export const eosDriver: CrashDriver = {
  name: 'eos',
  command: serveArgs,
  owns: mentions,
  // a retried final piece after a commit whose answer was lost starts a new version: the committed
  // session is forgotten before the next is created
  fileOf: (u) => ({ namespace: 'eos', name: `/eos/crash/${u.name}` }),
  async upload(url: string, u: CrashUpload, acks: Acks) {
    if (acks.committed(u.name)) return;
    const total = u.data.length;
    const path = `/eos/crash/${u.name}`;
    // EOS has no offset query: resend everything not acknowledged (EOS accepts repeats); all
    // acknowledged but the commit: resend the final piece
    let from = acks.of(u.name).prefixLength;
    if (from >= total) from = Math.max(0, total - u.chunk);
    for (;;) {
      const end = Math.min(total, from + u.chunk);
      const res = await fetch(url + path, {
        method: 'PUT',
        body: u.data.slice(from, end),
        headers: { 'x-upload-range': `bytes=${from}-${end - 1}`, 'x-upload-totalsize': String(total) },
      });
      await (await ok(res, `eos piece ${from}-${end - 1}`)).arrayBuffer();
      acks.ack(u.name, from, end);
      if (end === total) return acks.commit(u.name, path);
      from = end;
    }
  },
  async readBack(url, _u, path) {
    return new Uint8Array(await (await ok(await fetch(url + path), 'eos GET')).arrayBuffer());
  },
};
