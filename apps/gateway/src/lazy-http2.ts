import type * as Http2 from 'node:http2';

/**
 * node:http2, loaded only for a TLS server: with tls it costs 12–25 ms of every start, and a plain
 * HTTP server never uses it. The `rangeway` bundle also hands these exports to @hono/node-server
 * in place of its own `node:http2` import (tsup.config.ts). Until loadHttp2() has run no HTTP/2
 * request can exist, so the stand-in class answers Hono's `instanceof Http2ServerRequest` as the
 * real one would; ES module exports are live, so loading swaps the real ones in for every importer.
 */
export let Http2ServerRequest = class {} as unknown as typeof Http2.Http2ServerRequest;
export let constants = {} as typeof Http2.constants;

export async function loadHttp2(): Promise<typeof Http2> {
  const http2 = await import('node:http2');
  Http2ServerRequest = http2.Http2ServerRequest;
  constants = http2.constants;
  return http2;
}
