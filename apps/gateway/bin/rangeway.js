#!/bin/sh
':' //; MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-33554432}" exec node --initial-old-space-size=64 "$0" "$@"
// The `rangeway` command. Run as a program, the two lines above are a POSIX sh script: it starts
// Node on this same file with a V8 flag and a glibc setting (README.md, "Runtimes").
// - The flag keeps the old generation's limit at 64 MiB or more, which ends the full collections
//   a small heap otherwise falls into every ~50 ms during a large upload. Node takes it only on
//   its own command line (not from NODE_OPTIONS, and `#!/usr/bin/env -S` is missing from busybox).
// - MALLOC_TRIM_THRESHOLD_ (unless already set) lets glibc keep up to 32 MiB of freed heap, so the
//   socket buffers Node allocates per read are not faulted in afresh each time. Other C
//   libraries ignore it.
// `exec` replaces the shell, so signals reach Node itself. To Node the same lines are a directive
// and a comment: `node bin/rangeway.js` runs the gateway with neither.
//
// npm links bins when it installs, before anything is built, so the link points here (a file
// that always exists) and this loads the built CLI.
import('../dist/cli.js').catch((e) => {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('cli.js')) {
    process.stderr.write('rangeway: the gateway is not built yet: run `npm run build` (or `npm start`) first\n');
    process.exit(1);
  }
  throw e;
});
