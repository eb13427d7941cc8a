// Baseline servers for the bench: (a) count body bytes, (b) positioned writes to a file (with
// fsync per request, or without: pwrite-nosync), (b+) the same written as a competent engineer
// would: batched and overlapped (batched, batched-nosync), (c) @tus/server with @tus/file-store
// (which does not fsync), (m) a lean in-memory store that keeps the chunks.
// (h) the batched server hashing as Box or DeOSS must (hash-box, hash-deoss).
// Usage: node baseline.mjs count|pwrite|pwrite-nosync|batched|batched-nosync|hash-box|hash-deoss|memory|tus DIR
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { batchedHandler } from './batched.mjs';

const [kind, dir] = process.argv.slice(2);

/** (b+) and the lean hash-and-write servers: Box hashes each part and the whole file with SHA-1, DeOSS every byte with SHA-256 */
const BATCHED = {
  batched: { sync: true },
  'batched-nosync': { sync: false },
  'hash-box': { sync: true, part: ['sha1'], whole: ['sha1'] },
  'hash-deoss': { sync: true, whole: ['sha256'] },
};

function listen(server) {
  server.requestTimeout = 0;
  server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
}

if (kind === 'count') {
  listen(
    http.createServer((req, res) => {
      let n = 0;
      req.on('data', (d) => (n += d.length));
      req.on('end', () => res.end(String(n)));
    }),
  );
} else if (kind === 'pwrite' || kind === 'pwrite-nosync') {
  // PUT with x-offset: streams the body into one file at that offset, fsyncs (as a durable store must) unless -nosync, 201
  listen(
    http.createServer(async (req, res) => {
      const offset = Number(req.headers['x-offset'] ?? 0);
      const fh = await open(join(dir, 'file.bin'), constants.O_RDWR | constants.O_CREAT);
      let pos = offset;
      for await (const chunk of req) {
        await fh.write(chunk, 0, chunk.length, pos);
        pos += chunk.length;
      }
      if (kind === 'pwrite') await fh.sync();
      await fh.close();
      res.statusCode = 201;
      res.end();
    }),
  );
} else if (Object.hasOwn(BATCHED, kind)) {
  listen(http.createServer(batchedHandler(dir, BATCHED[kind])));
} else if (kind === 'memory') {
  // a lean in-memory store: keeps each body's chunks as they arrived, by offset (what the
  // gateway's memory store is measured against)
  const chunks = new Map();
  listen(
    http.createServer(async (req, res) => {
      const offset = Number(req.headers['x-offset'] ?? 0);
      const kept = [];
      for await (const chunk of req) kept.push(chunk);
      chunks.set(offset, kept);
      res.statusCode = 201;
      res.end();
    }),
  );
} else if (kind === 'tus') {
  const { Server } = await import('@tus/server');
  const { FileStore } = await import('@tus/file-store');
  const tus = new Server({ path: '/files', datastore: new FileStore({ directory: dir }) });
  listen(http.createServer((req, res) => tus.handle(req, res)));
} else {
  console.error('usage: baseline.mjs count|pwrite|pwrite-nosync|batched|batched-nosync|hash-box|hash-deoss|memory|tus DIR');
  process.exit(2);
}
