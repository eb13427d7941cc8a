// The legacy box-node-sdk (major 3), unchanged but for its API and upload base URLs, as a user's
// program runs it: a chunked upload of a generated file, then a download through getReadStream.
// Run by tls-box-sdk.test.ts with NODE_EXTRA_CA_CERTS naming the test CA. Prints one JSON line.
const { createHash } = require('node:crypto');
const { Readable } = require('node:stream');
const BoxSDK = require('box-node-sdk-v3');

const [origin, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);

/** The bytes of the file: a simple deterministic sequence, streamed 1 MiB at a time. */
function* chunks() {
  let x = 7;
  for (let done = 0; done < size; ) {
    const n = Math.min(1 << 20, size - done);
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    done += n;
    yield out;
  }
}

async function main() {
  const sdk = new BoxSDK({ clientID: 'rangeway-test', clientSecret: 'unused', apiRootURL: origin, uploadAPIRootURL: `${origin}/api` });
  const client = sdk.getBasicClient('legacy-sdk-token');
  const sent = createHash('sha1');
  for (const c of chunks()) sent.update(c);
  const uploader = await client.files.getChunkedUploader('0', size, 'legacy.bin', Readable.from(chunks(), { objectMode: false })); // a byte stream, like fs.createReadStream
  const file = await uploader.start();
  const entry = file.entries ? file.entries[0] : file;
  const stream = await client.files.getReadStream(entry.id);
  const back = createHash('sha1');
  let bytes = 0;
  for await (const c of stream) {
    back.update(c);
    bytes += c.length;
  }
  process.stdout.write(`${JSON.stringify({ id: entry.id, size: entry.size, sha1: entry.sha1, sent: sent.digest('hex'), downloaded: back.digest('hex'), bytes })}\n`);
}

main().catch((e) => {
  const status = e && e.response ? ` (HTTP ${e.response.statusCode})` : '';
  process.stderr.write(`${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n') : e}${status}\n`);
  process.exit(1);
});
