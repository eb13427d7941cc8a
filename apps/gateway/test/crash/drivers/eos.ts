import { type CrashDriver, type CrashUpload, mentions, ok, serveArgs } from './driver';

/** EOS has no offset query: the client resends every piece it saw no 201 for (EOS accepts repeats). */
const acknowledged = new Map<string, number>();

/** CERN EOS range PUT: pieces in order, the one reaching the total is final. */
export const eosDriver: CrashDriver = {
  name: 'eos',
  command: serveArgs,
  owns: mentions,
  async upload(url: string, u: CrashUpload) {
    const total = u.data.length;
    for (let from = acknowledged.get(u.name) ?? 0; from < total; ) {
      const end = Math.min(total, from + u.chunk);
      const res = await fetch(`${url}/eos/crash/${u.name}`, {
        method: 'PUT',
        body: u.data.slice(from, end),
        headers: { 'x-upload-range': `bytes=${from}-${end - 1}`, 'x-upload-totalsize': String(total) },
      });
      await (await ok(res, `eos piece ${from}-${end - 1}`)).arrayBuffer();
      acknowledged.set(u.name, (from = end));
    }
  },
};
