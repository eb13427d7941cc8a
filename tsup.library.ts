// Build settings shared by every library package: one ESM entry with its type declarations.
import type { Options } from 'tsup';

export const library: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
};
