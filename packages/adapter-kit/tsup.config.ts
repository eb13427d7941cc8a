import { defineConfig } from 'tsup';
import { library } from '../../tsup.library.ts';

// the test helpers are a second entry; @hono/node-server stays external (an optional peer)
export default defineConfig({ ...library, entry: ['src/index.ts', 'src/testing.ts'], external: ['@hono/node-server'] });
