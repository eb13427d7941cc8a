import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig();
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      store: 'memory', // in code; `rangeway serve` defaults to fs (cli.test.ts)
      dataDir: './rangeway-data',
      fsync: 'always',
      sweepIntervalMs: 30_000,
      sweepLimit: 100,
    });
  });

  it('reads flags in both forms, and env, flags winning', () => {
    const c = loadConfig({
      env: { RANGEWAY_PORT: '9000', RANGEWAY_HOST: '127.0.0.2', PATH: '/bin' },
      argv: ['--port', '9100', '--data-dir=/tmp/x', '--trust-proxy'],
    });
    expect(c).toMatchObject({ port: 9100, host: '127.0.0.2', dataDir: '/tmp/x', trustProxy: true });
  });

  it.each([
    [['--port', 'eighty'], /--port/],
    [['--port', '70000'], /--port/],
    [['--store', 'tape'], /--store/],
    [['--fsync', 'sometimes'], /--fsync/],
    [['--sweep-limit', '0'], /--sweep-limit/],
    [['--bogus', '1'], /unknown option --bogus/],
    [['serve'], /unexpected argument/],
    [['--public-origin', 'not a url'], /--public-origin/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => loadConfig({ argv })).toThrow(ConfigError);
    expect(() => loadConfig({ argv })).toThrow(message);
  });

  it('refuses unknown RANGEWAY_ variables', () => {
    expect(() => loadConfig({ env: { RANGEWAY_PROT: '1' } })).toThrow(/unknown option --prot/);
  });
});
