import { type CrashDriver, type CrashUpload, fail, mentions, serveArgs } from './driver';

/** `Range: bytes=0-<last>` → bytes held; absent → none */
const heldOf = (res: Response): number => {
  const m = /^bytes=0-(\d+)$/.exec(res.headers.get('range') ?? '');
  return m ? Number(m[1]) + 1 : 0;
};

/** ClickHelp resumable storage upload: offset query, start when there is no upload, chunks in order. */
export const clickhelpDriver: CrashDriver = {
  name: 'clickhelp',
  command: serveArgs,
  owns: mentions,
  async upload(url: string, u: CrashUpload) {
    const total = u.data.length;
    const target = `${url}/api/v1/storage/crash/${u.name}?format=resumable`;
    const query = await fetch(target, { method: 'PUT', headers: { 'content-range': `bytes */${total}` } });
    await query.arrayBuffer();
    if (query.status === 201) return;
    let held = 0;
    if (query.status === 202) held = heldOf(query);
    else if (query.status === 404) {
      const start = await fetch(`${target}&isOverwrite=true`, { method: 'POST' });
      if (start.status !== 200) await fail(start, 'clickhelp start');
    } else await fail(query, 'clickhelp offset query');
    // a server that never moves on fails the test instead of hanging it
    for (let budget = 4 * Math.ceil(total / u.chunk) + 8; budget > 0; budget--) {
      // all bytes held but not committed (killed in between): the repeated final chunk completes it
      const from = held >= total ? Math.max(0, total - u.chunk) : held;
      const end = Math.min(total, from + u.chunk);
      const res = await fetch(target, {
        method: 'PUT',
        body: u.data.slice(from, end),
        headers: { 'content-range': `bytes ${from}-${end - 1}/${total}` },
      });
      if (res.status === 201) return void (await res.arrayBuffer());
      if (res.status !== 202 && res.status !== 409) await fail(res, `clickhelp chunk ${from}-${end - 1}`);
      await res.arrayBuffer();
      held = heldOf(res);
    }
    throw new Error(`clickhelp upload of ${u.name} made no progress`);
  },
};
