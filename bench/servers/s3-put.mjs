// Baseline for the S3 store: every PUT body is streamed into the bucket as its own object, one
// PutObject per request (SigV4 through aws4fetch, unsigned payload, exact Content-Length): what a
// bare proxy in front of the same radosgw can do with no sessions, no database and no digests.
// With `box` or `deoss` it also hashes as that dialect must (with node:crypto, on the way through):
// Box each request's SHA-1 and the whole file's, DeOSS the whole file's SHA-256.
// Usage: node s3-put.mjs PREFIX [box|deoss]   (S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)
import { createHash } from 'node:crypto';
import http from 'node:http';
import { AwsClient } from 'aws4fetch';

const prefix = process.argv[2] ?? 'bench-base/';
const HASHING = { box: { part: ['sha1'], whole: ['sha1'] }, deoss: { part: [], whole: ['sha256'] } };
const hashing = HASHING[process.argv[3]];
const wholeFile = hashing?.whole.map((alg) => createHash(alg)) ?? [];

/** The request's chunks, each hashed on its way to the bucket. */
async function* hashed(req) {
  const part = hashing.part.map((alg) => createHash(alg));
  for await (const chunk of req) {
    for (const h of [...part, ...wholeFile]) h.update(chunk);
    yield chunk;
  }
  for (const h of part) h.digest();
}
const env = process.env;
const client = new AwsClient({ accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY, service: 's3', region: env.S3_REGION ?? 'us-east-1', retries: 0 });
const base = `${env.S3_ENDPOINT.replace(/\/+$/, '')}/${env.S3_BUCKET}`;
let n = 0;

const server = http.createServer(async (req, res) => {
  try {
    const length = req.headers['content-length'];
    const signed = await client.sign(`${base}/${prefix}${n++}`, {
      method: 'PUT',
      headers: { 'content-length': length, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    // the request itself is the body: undici reads it chunk by chunk, with no web-stream copy
    const put = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: hashing ? hashed(req) : req, duplex: 'half' });
    await put.arrayBuffer();
    res.statusCode = put.ok ? 200 : 502;
    res.end(String(length));
  } catch (e) {
    res.statusCode = 500;
    res.end(String(e));
  }
});
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
