import { defineConfig } from 'tsup';
import { library } from '../../tsup.library.ts';

// the contract suite is a second entry that imports vitest, which stays external
export default defineConfig({
  ...library,
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  external: ['vitest'],
});
