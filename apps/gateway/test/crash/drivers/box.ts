import { createHash } from 'node:crypto';
import type { Acks } from '../acks';
import { type CrashDriver, type CrashUpload, fail, mentions, ok, serveArgs } from './driver';

type Part = { part_id: string; offset: number; size: number; sha1: string };
const sha = (b: Uint8Array) => `sha=${createHash('sha1').update(b).digest('base64')}`;
/** what the client keeps per upload across server restarts: its session and the parts acknowledged */
const clients = new Map<string, { id: string; partSize: number; parts: Map<number, Part> }>();

/**
 * The part Box acknowledged: the 200's part, or, when the part was stored but its answer lost to a
 * kill, the 416 range_overlaps_existing_part that carries it (Box's Android client does the same,
 * trusting it when offset, size and SHA-1 match what it sent).
 */
async function storedPart(res: Response, from: number, bytes: Uint8Array): Promise<Part> {
  if (res.status === 416) {
    const body = (await res.clone().json()) as { code?: string; context_info?: { conflicting_part?: Part } };
    const part = body.context_info?.conflicting_part;
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    if (body.code === 'range_overlaps_existing_part' && part?.offset === from && part.size === bytes.length && part.sha1 === sha1) return part;
  }
  return ((await (await ok(res, 'box part')).json()) as { part: Part }).part;
}

/** Box chunked upload sessions: create once, send every part not acknowledged, commit (Box advises retrying commits). */
export const boxDriver: CrashDriver = {
  name: 'box',
  // small files and parts, so a few MiB make many parts
  flags: ['--box-min-file-size', '1', '--box-part-size', '131072'],
  command: (dataDir) => [...serveArgs(dataDir), ...(boxDriver.flags ?? [])],
  owns: mentions,
  async upload(url: string, u: CrashUpload, acks: Acks) {
    if (acks.committed(u.name)) return;
    const api = `${url}/api/2.0/files/upload_sessions`;
    const total = u.data.length;
    let client = clients.get(u.name);
    if (!client) {
      const res = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ folder_id: '0', file_size: total, file_name: u.name }),
      });
      const body = (await (await ok(res, 'box create')).json()) as { id: string; part_size: number };
      clients.set(u.name, (client = { id: body.id, partSize: body.part_size, parts: new Map() }));
    }
    for (let from = 0; from < total; from += client.partSize) {
      if (client.parts.has(from)) continue;
      const bytes = u.data.slice(from, Math.min(total, from + client.partSize));
      const res = await fetch(`${api}/${client.id}`, {
        method: 'PUT',
        body: bytes,
        headers: { 'content-range': `bytes ${from}-${from + bytes.length - 1}/${total}`, digest: sha(bytes) },
      });
      client.parts.set(from, await storedPart(res, from, bytes));
      acks.ack(u.name, from, from + bytes.length);
    }
    const commit = await fetch(`${api}/${client.id}/commit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', digest: sha(u.data) },
      body: JSON.stringify({ parts: [...client.parts.values()].sort((a, b) => a.offset - b.offset) }),
    });
    if (commit.status !== 201) await fail(commit, 'box commit');
    acks.commit(u.name, ((await commit.json()) as { entries: { id: string }[] }).entries[0]!.id);
  },
  async readBack(url, _u, fileId) {
    return new Uint8Array(await (await ok(await fetch(`${url}/api/2.0/files/${fileId}/content`), 'box download')).arrayBuffer());
  },
};
