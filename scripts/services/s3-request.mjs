#!/usr/bin/env node
// s3-request.mjs METHOD URL [BODY]: one SigV4-signed S3 request using node:crypto only, so the
// service scripts need no npm install. Keys from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, region
// from S3_REGION (default us-east-1). Prints the answer's body; exit code 1 unless it is a 2xx.
import { createHash, createHmac } from 'node:crypto';

const [method, address, body = ''] = process.argv.slice(2);
if (!method || !address) {
  console.error('usage: s3-request.mjs METHOD URL [BODY]');
  process.exit(2);
}
const accessKey = process.env.S3_ACCESS_KEY_ID;
const secretKey = process.env.S3_SECRET_ACCESS_KEY;
if (!accessKey || !secretKey) {
  console.error('s3-request: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  process.exit(2);
}
const region = process.env.S3_REGION || 'us-east-1';
const url = new URL(address);
const stamp = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
const day = stamp.slice(0, 8);
const sha256 = (x) => createHash('sha256').update(x).digest('hex');
const hmac = (key, x) => createHmac('sha256', key).update(x).digest();
// RFC 3986 encoding as SigV4 wants it
const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const bodyHash = sha256(body);
const headers = { host: url.host, 'x-amz-content-sha256': bodyHash, 'x-amz-date': stamp };
const names = Object.keys(headers).sort();
const query = [...url.searchParams]
  .map(([k, v]) => `${encode(k)}=${encode(v)}`)
  .sort()
  .join('&');
const canonicalRequest = [
  method,
  url.pathname.split('/').map((s) => encode(decodeURIComponent(s))).join('/'),
  query,
  ...names.map((n) => `${n}:${headers[n]}`),
  '',
  names.join(';'),
  bodyHash,
].join('\n');
const scope = `${day}/${region}/s3/aws4_request`;
const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), 's3'), 'aws4_request');
const signature = createHmac('sha256', signingKey)
  .update(['AWS4-HMAC-SHA256', stamp, scope, sha256(canonicalRequest)].join('\n'))
  .digest('hex');
const authorization = `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
const res = await fetch(url, { method, headers: { ...headers, authorization }, ...(body && { body }) });
process.stdout.write(await res.text());
if (!res.ok) {
  console.error(`\ns3-request: ${method} ${address} answered ${res.status}`);
  process.exit(1);
}
