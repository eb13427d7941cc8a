import { type CrashDriver, type CrashUpload, mentions, serveArgs } from './driver';

/** DeOSS has no offset query: the client resumes after the last chunk it saw acknowledged. */
const acknowledged = new Map<string, number>();

/** CESS DeOSS range upload: raw chunks with Content-Range, 308 until the last one answers 200. */
export const deossDriver: CrashDriver = {
  name: 'deoss',
  command: (dataDir) => [...serveArgs(dataDir), '--deoss-auth', 'off'],
  owns: mentions,
  async upload(url: string, u: CrashUpload) {
    const total = u.data.length;
    const resumedAt = acknowledged.get(u.name) ?? 0;
    for (let from = resumedAt; from < total; ) {
      const end = Math.min(total, from + u.chunk);
      const res = await fetch(`${url}/resume/${u.name}`, {
        method: 'PUT',
        body: u.data.slice(from, end),
        headers: { 'content-range': `bytes ${from}-${end - 1}/${total}`, account: 'crash-test', territory: 'crash' },
      });
      const text = await res.text();
      // a resent last chunk whose upload is gone: the first send completed it before the kill
      // (DeOSS forgets a finished upload; the harness checks the committed file's bytes)
      const finishedBefore = res.status === 400 && from === resumedAt && end === total && from > 0;
      if (finishedBefore) return;
      if (res.status !== 308 && res.status !== 200) throw new Error(`deoss chunk ${from}-${end - 1}: HTTP ${res.status} ${text}`);
      acknowledged.set(u.name, (from = end));
    }
  },
};
