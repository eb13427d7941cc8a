import { nodeHashers } from '../node-hashers';
import { createWorker } from './create-worker';

/**
 * The Cloudflare Workers / workerd module worker (bundled to dist/worker.js): the gateway with
 * in-memory storage. Hashing uses node:crypto through `nodejs_compat`: measured in workerd
 * 1.20260426 at ~1.9 GB/s SHA-1/SHA-256 and ~0.77 GB/s MD5, against 0.5/0.33/0.5 GB/s for the
 * pure core (crypto.DigestStream is as fast but cannot clone a running hash).
 */
export default createWorker({ hashers: nodeHashers });
