import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/gateway.ts'],
  format: ['esm'],
  target: 'es2022',
  dts: { entry: ['src/index.ts', 'src/gateway.ts'] },
  sourcemap: true,
  clean: true,
});
