import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig();
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, store: 'memory', dataDir: './rangeway-data' });
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

  it('has the clickhelp defaults and reads its users, limits and switches from flags and env', () => {
    expect(loadConfig().clickhelp).toEqual({
      users: [],
      maxChunkSize: 10_485_760,
      maxFileSize: 1_073_741_824,
      idleExpiryMs: 86_400_000,
      idempotencyWindowMs: 600_000,
      allowDelete: false,
      lenientOffsets: false,
    });
    const c = loadConfig({
      env: { RANGEWAY_CLICKHELP_USERS: 'alice:k1, bob:k2:ro' },
      argv: ['--clickhelp-max-chunk-size', '1024', '--clickhelp-allow-delete', '--clickhelp-lenient-offsets=true'],
    });
    expect(c.clickhelp).toMatchObject({ users: ['alice:k1', 'bob:k2:ro'], maxChunkSize: 1024, allowDelete: true, lenientOffsets: true });
    expect(() => loadConfig({ argv: ['--clickhelp-users', 'nokey'] })).toThrow(/--clickhelp-users/);
    expect(() => loadConfig({ argv: ['--clickhelp-max-file-size', '0'] })).toThrow(/--clickhelp-max-file-size/);
  });
});
