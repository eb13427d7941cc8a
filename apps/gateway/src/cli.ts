#!/usr/bin/env node
import { resolve } from 'node:path';
import { isRangewayError } from '@rangeway/core';
import { ConfigError, describeOptions, loadConfig } from './config/config';
import { startGateway } from './node-server';
import { VERSION } from './version';

const USAGE = `rangeway ${VERSION}: one gateway for Box, EOS, DeOSS and ClickHelp resumable uploads

Usage:
  rangeway serve [options]     start the gateway
  rangeway --help | --version

Every option can also be set as an environment variable (shown on the right); flags win.`;

/** Where `rangeway serve` differs from the code defaults: a server keeps its uploads on disk. */
const SERVE_DEFAULTS = { store: 'fs' } as const;

function help(): string {
  const options = describeOptions().map((o) => (o.flag === '--store' ? { ...o, fallback: SERVE_DEFAULTS.store } : o));
  const width = Math.max(...options.map((o) => o.flag.length)) + 4;
  const rows = options.map((o) => {
    const left = `  ${o.flag}`.padEnd(width);
    const dflt = o.fallback === undefined ? '' : ` (default ${String(o.fallback)})`;
    return `${left}${o.description}${dflt}  [${o.env}]`;
  });
  return `${USAGE}\n\nOptions:\n${rows.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help());
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`rangeway: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(help());
    return 0;
  }
  const config = loadConfig({ input: SERVE_DEFAULTS, env: process.env, argv: rest });
  const running = await startGateway({ config, host: config.host, port: config.port });
  const where = config.store === 'fs' ? ` (data in ${resolve(config.dataDir)}, fsync ${config.fsync})` : ' (in memory)';
  process.stdout.write(`rangeway ${VERSION} listening on ${running.url}${where}\n`);
  const stop = async (signal: string) => {
    process.stdout.write(`rangeway: ${signal}, shutting down\n`);
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || isRangewayError(err)) process.stderr.write(`rangeway: ${err.message}\n`);
    else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE')
      process.stderr.write(`rangeway: ${(err as Error).message} (is another gateway running?)\n`);
    else process.stderr.write(`rangeway: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
