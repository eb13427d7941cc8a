import type { Acks } from '../acks';
import { type CrashDriver, type CrashUpload, fail, mentions, serveArgs } from './driver';

/**
 * ClickHelp resumable storage upload, resumed from the client's own acknowledgements: the offset
 * query only tells whether the upload still exists (or completed); chunks go from the last
 * acknowledged byte (bytes the server holds beyond that are replays it accepts). A server that
 * holds less than it acknowledged refuses that chunk, and the test fails.
 */
export const clickhelpDriver: CrashDriver = {
  name: 'clickhelp',
  command: serveArgs,
  owns: mentions,
  async upload(url: string, u: CrashUpload, acks: Acks) {
    if (acks.committed(u.name)) return;
    const total = u.data.length;
    const path = `/api/v1/storage/crash/${u.name}`;
    const target = `${url}${path}?format=resumable`;
    const query = await fetch(target, { method: 'PUT', headers: { 'content-range': `bytes */${total}` } });
    await query.arrayBuffer();
    if (query.status === 201) return acks.commit(u.name, path); // completed before the kill; its 201 was lost
    let from = acks.of(u.name).prefixLength;
    if (query.status === 404) {
      if (from > 0) throw new Error(`clickhelp: the upload of ${u.name} is gone after ${from} acknowledged bytes`);
      const start = await fetch(`${target}&isOverwrite=true`, { method: 'POST' });
      if (start.status !== 200) await fail(start, 'clickhelp start');
    } else if (query.status !== 202) await fail(query, 'clickhelp offset query');
    for (;;) {
      // all acknowledged but the commit: the repeated final chunk completes it
      if (from >= total) from = Math.max(0, total - u.chunk);
      const end = Math.min(total, from + u.chunk);
      const res = await fetch(target, { method: 'PUT', body: u.data.slice(from, end), headers: { 'content-range': `bytes ${from}-${end - 1}/${total}` } });
      if (res.status !== 201 && res.status !== 202) await fail(res, `clickhelp chunk ${from}-${end - 1}`);
      await res.arrayBuffer();
      acks.ack(u.name, from, end);
      if (res.status === 201) return acks.commit(u.name, path);
      from = end;
    }
  },
  async readBack(url, _u, path) {
    const res = await fetch(`${url}${path}?format=base64`);
    if (!res.ok) await fail(res, 'clickhelp GET');
    return Buffer.from(((await res.json()) as { content: string }).content, 'base64');
  },
};
