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

  it('warns about unknown RANGEWAY_ variables, naming them, and starts anyway', () => {
    const warnings: string[] = [];
    const c = loadConfig({ env: { RANGEWAY_PROT: '1', RANGEWAY_PORT: '9001' }, warn: (m) => warnings.push(m) });
    expect(c.port).toBe(9001);
    expect(warnings).toEqual(['ignoring RANGEWAY_PROT: no such option (see --help)']);
  });

  it('names the variable, not a flag, when a RANGEWAY_ value is wrong, and says what it got', () => {
    expect(() => loadConfig({ env: { RANGEWAY_PORT: 'eighty' } })).toThrow(/^invalid configuration: RANGEWAY_PORT: .*\(got "eighty"\)$/);
    expect(() => loadConfig({ env: { RANGEWAY_BOX_PART_SIZE: '0' } })).toThrow(/RANGEWAY_BOX_PART_SIZE/);
  });

  it('says what is wrong with a value in words, each problem once', () => {
    expect(() => loadConfig({ argv: ['--port', '70000'] })).toThrow(/^invalid configuration: --port: Too big: expected number to be <=65535 \(got "70000"\)$/);
    expect(() => loadConfig({ argv: ['--port', '1.5', '--store', 'tape'] })).toThrow(
      /^invalid configuration: --port: Invalid input: expected int, received number \(got "1\.5"\); --store: Invalid option: expected one of "memory"\|"fs"\|"s3" \(got "tape"\)$/,
    );
  });

  it('says a flag needs a value, in one line', () => {
    expect(() => loadConfig({ argv: ['--box-tokens'] })).toThrow(/^invalid configuration: --box-tokens needs a value$/);
    expect(() => loadConfig({ argv: ['--admin-token', 'short'] })).toThrow(/--admin-token: .*8/);
  });
});
