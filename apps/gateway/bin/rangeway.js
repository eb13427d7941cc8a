#!/usr/bin/env node
// The `rangeway` command. npm links bins when it installs, before anything is built, so the
// link points here (a file that always exists) and this loads the built CLI.
import('../dist/cli.js').catch((e) => {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('cli.js')) {
    process.stderr.write('rangeway: the gateway is not built yet: run `npm run build` (or `npm start`) first\n');
    process.exit(1);
  }
  throw e;
});
