#!/bin/sh
':' //; MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-33554432}" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec node --initial-old-space-size=64 --max-semi-space-size=4 "$0" "$@"
// The `rangeway` command. Run as a program, the two lines above are a POSIX sh script: it starts
// Node on this same file with two V8 flags and two glibc settings (README.md, "Runtimes").
// - --initial-old-space-size keeps the old generation's limit at 64 MiB or more, which ends the
//   full collections a small heap otherwise falls into every ~50 ms during a large upload. Node
//   takes it only on its own command line (not from NODE_OPTIONS, and `#!/usr/bin/env -S` is
//   missing from busybox).
// - --max-semi-space-size=4 caps the young generation at 4 MiB per half (V8's default lets it
//   grow to 16): many uploads at once ran ~10% faster.
// - MALLOC_TRIM_THRESHOLD_ (unless already set) lets glibc keep up to 32 MiB of freed heap, so the
//   socket buffers Node allocates per read are not faulted in afresh each time.
// - MALLOC_ARENA_MAX (unless already set) keeps glibc to two heaps, so that the hashing thread and
//   the I/O threads do not each grow a heap of their own. Other C libraries ignore both.
// `exec` replaces the shell, so signals reach Node itself. To Node the same lines are a directive
// and a comment: `node bin/rangeway.js` runs the gateway with none of them.
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
