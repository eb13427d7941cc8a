// A minimal HTTP front on the upload engine over the fs store, for the crash test's "engine"
// driver: the same storage path as the gateway, without any dialect. Built packages only (plain
// JS: the test starts it as a real process with `node`).
//
//   POST /t/<name>?total=N            create (idempotent: returns the existing session)
//   GET  /t/<name>                    {"received": "0-99", "state": "open"}
//   PUT  /t/<name>?start=S&end=E      body = bytes [S, E)
//   POST /t/<name>/commit             {"sha1": "…"}
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { AlreadyExistsError, Uploads, isRangewayError, pureHashers } from '@rangeway/core';
import { openFsStorage } from '@rangeway/fs-store';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const storage = await openFsStorage({ dir: arg('data-dir'), fsync: arg('fsync') ?? 'always' });
const up = new Uploads({ storage, hashers: pureHashers });
await up.recoverInterruptedCommits();
const NS = 'engine';

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    const [, , name, action] = url.pathname.split('/');
    const q = (k) => Number(url.searchParams.get(k));
    let s = await up.getByKey(NS, name);
    if (req.method === 'POST' && !action) {
      if (!s) s = await up.create({ namespace: NS, target: name, key: name, total: q('total'), trackDigests: ['sha1'] });
      return send(res, 201, { received: s.received, state: s.state });
    }
    if (!s) return send(res, 404, { error: 'not_found' });
    if (req.method === 'GET') return send(res, 200, { received: s.received, state: s.state });
    if (req.method === 'PUT') {
      const r = await up.receive(s.id, { start: q('start'), end: q('end'), body: Readable.toWeb(req), ordering: 'no-gap', overlap: 'identical' });
      return send(res, 200, { received: r.session.received, state: r.session.state });
    }
    if (req.method === 'POST' && action === 'commit') {
      if (s.state === 'committed') return send(res, 200, { state: s.state });
      const c = await up.commit(s.id, { name, digests: ['sha1'] });
      return send(res, 200, { state: c.session.state, sha1: c.file.digests.sha1 });
    }
    send(res, 405, { error: 'method' });
  } catch (e) {
    if (!isRangewayError(e) || e instanceof AlreadyExistsError) console.error(e);
    req.resume();
    send(res, e.kind === 'storage' ? 507 : isRangewayError(e) ? 409 : 500, { error: e.kind ?? 'internal', message: e.message });
  }
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
