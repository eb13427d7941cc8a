import { resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/** @hono/node-server's `node:http2` import, served from src/lazy-http2.ts (it says why). */
const lazyHttp2: Plugin = {
  name: 'lazy-http2',
  setup(build) {
    const path = resolve('src/lazy-http2.ts');
    build.onResolve({ filter: /^(node:)?http2$/ }, ({ importer }) => (importer.includes('/@hono/node-server/') ? { path } : undefined));
  },
};

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      gateway: 'src/gateway.ts',
      'entries/bun': 'src/entries/bun.ts',
      'entries/deno': 'src/entries/deno.ts',
      'entries/workerd': 'src/entries/workerd.ts',
      'entries/create-worker': 'src/entries/create-worker.ts',
      'node-hashers': 'src/node-hashers.ts',
    },
    format: ['esm'],
    target: 'es2022',
    dts: { entry: ['src/index.ts', 'src/gateway.ts', 'src/entries/bun.ts', 'src/entries/deno.ts', 'src/entries/create-worker.ts', 'src/node-hashers.ts'] },
    external: ['miniflare'],
    sourcemap: true,
    clean: true,
  },
  {
    // the `rangeway` command: its pure-JS dependencies bundled and tree-shaken (zod alone is
    // ~100 modules), because Node 20's ESM loader pays per module at every start; the S3 store and
    // DeOSS's signature checks stay lazy chunks
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'es2022',
    noExternal: ['zod', 'hono', '@hono/node-server', /^@rangeway\//],
    // what our packages load that is native, a driver or lazy: left to node_modules
    external: ['fs-native-extensions', 'postgres', 'aws4fetch', /^@noble\//, /^@scure\//],
    esbuildPlugins: [lazyHttp2],
    removeNodeProtocol: false, // tsup's own step would take `node:http2` before lazyHttp2 sees it
    sourcemap: true,
    clean: false,
  },
  {
    // one self-contained module for workerd / Cloudflare: everything bundled but node: and
    // cloudflare: built-ins (postgres.js reaches the database through cloudflare:sockets there)
    entry: { worker: 'src/entries/worker.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    noExternal: [/.*/],
    // one file: workerd (Miniflare) loads the worker's own imports as CommonJS, so a dynamic
    // import (the s3 store, DeOSS's signature checks) must be inlined, not split into a chunk
    splitting: false,
    removeNodeProtocol: false, // workerd knows node:crypto, not crypto
    // the export conditions wrangler uses (e.g. nanoid's Web Crypto build instead of node:crypto)
    esbuildOptions(options) {
      options.conditions = ['workerd', 'worker', 'browser'];
      options.external = ['node:*', 'cloudflare:*'];
    },
    sourcemap: true,
    clean: false,
  },
]);
