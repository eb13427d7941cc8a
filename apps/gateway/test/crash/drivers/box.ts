import { createHash } from 'node:crypto';
import { type CrashDriver, type CrashUpload, mentions, ok, serveArgs } from './driver';

type Part = { part_id: string; offset: number; size: number; sha1: string };
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;
/** the session each upload got, across server restarts (what a client keeps) */
const sessions = new Map<string, { id: string; partSize: number }>();

/** Box chunked upload sessions: create once, list the parts held, send the rest, commit. */
export const boxDriver: CrashDriver = {
  name: 'box',
  // small files and parts, so a few MiB make many parts
  command: (dataDir) => [...serveArgs(dataDir), '--box-min-file-size', '1', '--box-part-size', '131072'],
  owns: mentions,
  async upload(url: string, u: CrashUpload) {
    const api = `${url}/api/2.0/files/upload_sessions`;
    const total = u.data.length;
    let session = sessions.get(u.name);
    if (!session) {
      const res = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ folder_id: '0', file_size: total, file_name: u.name }),
      });
      const body = (await (await ok(res, 'box create')).json()) as { id: string; part_size: number };
      sessions.set(u.name, (session = { id: body.id, partSize: body.part_size }));
    }
    const listed = await fetch(`${api}/${session.id}/parts?limit=1000`);
    if (listed.status === 409) return void (await listed.arrayBuffer()); // already committed
    const held = ((await (await ok(listed, 'box parts')).json()) as { entries: Part[] }).entries;
    const parts = new Map(held.map((p) => [p.offset, p]));
    for (let from = 0; from < total; from += session.partSize) {
      if (parts.has(from)) continue;
      const bytes = u.data.slice(from, Math.min(total, from + session.partSize));
      const res = await fetch(`${api}/${session.id}`, {
        method: 'PUT',
        body: bytes,
        headers: { 'content-range': `bytes ${from}-${from + bytes.length - 1}/${total}`, digest: sha(bytes) },
      });
      parts.set(from, ((await (await ok(res, 'box part')).json()) as { part: Part }).part);
    }
    const commit = await fetch(`${api}/${session.id}/commit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', digest: sha(u.data) },
      body: JSON.stringify({ parts: [...parts.values()].sort((a, b) => a.offset - b.offset) }),
    });
    await (await ok(commit, 'box commit')).arrayBuffer();
  },
};
