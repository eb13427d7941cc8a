import { resolve } from 'node:path';
import process from 'node:process';
import { isRangewayError } from '@rangeway/core';
import { ConfigError, type GatewayConfig, describeOptions, loadConfig } from '../config/config';
import { adminEnabled } from '../gateway';
import { VERSION } from '../version';
import type { RunningGateway, StartOptions } from './serving';

/** Where `serve` differs from the code defaults: a server on Node, Bun or Deno keeps uploads on disk. */
export type ServeDefaults = { readonly store?: 'fs' | 'memory' };

/** Starts a listening gateway on one runtime (Node, Bun, Deno, workerd through Miniflare). */
export type Listen = (options: StartOptions) => Promise<Pick<RunningGateway, 'url' | 'close'>>;

const usage = (command: string) => `rangeway ${VERSION}: one gateway for Box, EOS, DeOSS and ClickHelp resumable uploads

Usage:
  ${command} serve [options]     start the gateway
  ${command} version             print the version
  ${command} --help | --version

Every option can also be set as an environment variable (shown on the right); flags win.`;

/** Where each dialect and the admin surface answer, for the start-up lines. */
function endpoints(url: string, config: GatewayConfig): string {
  const rows: [string, string][] = [
    ['Box', `${url}/api/2.0/files/upload_sessions`],
    ['EOS', `${url}/eos/<path>`],
    ['DeOSS', `${url}/resume/<name>`],
    ['ClickHelp', `${url}/api/v1/storage/<path>?format=resumable`],
    ['live page', adminEnabled(config) ? `${url}/_rangeway/` : 'off (--admin on to enable)'],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(10)} ${v}\n`).join('');
}

function help(command: string, defaults: ServeDefaults): string {
  const options = describeOptions().map((o) => (o.flag === '--store' && defaults.store ? { ...o, fallback: defaults.store } : o));
  const width = Math.max(...options.map((o) => o.flag.length)) + 4;
  const rows = options.map((o) => {
    const left = `  ${o.flag}`.padEnd(width);
    const dflt = o.fallback === undefined ? '' : ` (default ${String(o.fallback)})`;
    return `${left}${o.description}${dflt}  [${o.env}]`;
  });
  return `${usage(command)}\n\nOptions:\n${rows.join('\n')}\n`;
}

async function main(argv: readonly string[], listen: Listen, command: string, runtime: string, defaults: ServeDefaults): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(help(command, defaults));
    return verb === undefined ? 1 : 0;
  }
  if (verb === 'version' || verb === '--version' || verb === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (verb !== 'serve') {
    process.stderr.write(`rangeway: unknown command "${verb}"\n\n${usage(command)}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(help(command, defaults));
    return 0;
  }
  const config = loadConfig({ input: defaults, env: process.env, argv: rest });
  const running = await listen({ config, host: config.host, port: config.port, logSink: (line) => process.stdout.write(`${line}\n`) });
  const where =
    config.store === 'fs' ? ` (data in ${resolve(config.dataDir)}, fsync ${config.fsync})`
    : config.store === 's3' ? ` (bucket ${config.s3Bucket}${config.s3Prefix ? `/${config.s3Prefix}` : ''} at ${config.s3Endpoint}, state in PostgreSQL schema ${config.databaseSchema})`
    : ' (in memory)';
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stdout.write(`rangeway: ${signal} again, stopping now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`rangeway: ${signal}, shutting down: requests in flight may finish for up to ${config.shutdownGraceMs} ms (again to stop at once)\n`);
    await running.close(config.shutdownGraceMs);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // only now: whoever waits for this line may stop the gateway at once, and that stop must be clean
  process.stdout.write(`rangeway ${VERSION} listening on ${running.url}${where} [${runtime}]\n${endpoints(running.url, config)}`);
  return -1; // keep running
}

/**
 * The `rangeway` command line on any server runtime: `serve [options]`, `--help`, `--version`.
 * Options come from flags and RANGEWAY_* variables; user errors print one line, never a stack.
 */
export function runCli(
  argv: readonly string[],
  listen: Listen,
  { command = 'rangeway', runtime = 'node', defaults = { store: 'fs' } as ServeDefaults } = {},
): void {
  main(argv, listen, command, runtime, defaults).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof ConfigError || isRangewayError(err)) process.stderr.write(`rangeway: ${err.message}\n`);
      else if ((err as { code?: string })?.code === 'EADDRINUSE' || /address.*in use/i.test(String(err)))
        process.stderr.write(`rangeway: ${(err as Error).message} (is another gateway running?)\n`);
      else process.stderr.write(`rangeway: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
