import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AwsObjectStore } from '@rangeway/s3-store';
import postgres from 'postgres';

/**
 * Two real `rangeway serve --store s3` processes on two ports sharing one bucket (under a fresh
 * key prefix) and one database (in a fresh schema). Needs DATABASE_URL and S3_* (see
 * scripts/services/services.sh); without them the suites skip, except in CI where they fail.
 */
export const services = {
  databaseUrl: process.env.DATABASE_URL,
  endpoint: process.env.S3_ENDPOINT,
  bucket: process.env.S3_BUCKET ?? 'rangeway',
  accessKeyId: process.env.S3_ACCESS_KEY_ID ?? '',
  secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? '',
};

export function missingServices(): string | undefined {
  if (services.databaseUrl && services.endpoint) return undefined;
  const reason = 'DATABASE_URL or S3_ENDPOINT not set: start them with scripts/services/services.sh up <dir> and load <dir>/env';
  if (process.env.CI) throw new Error(`the two-instance suites must run in CI, but ${reason}`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

export type Instance = { url: string; child: ChildProcess; log: () => string };

const DIST = join(__dirname, '..', '..', 'dist');
/** The runtimes an instance may run on: Node's CLI, or workerd through Miniflare. */
const ENTRY = { node: join(DIST, 'cli.js'), workerd: join(DIST, 'entries', 'workerd.js') } as const;
export type PairRuntime = keyof typeof ENTRY;

export class Pair {
  readonly schema = `pair_${randomBytes(5).toString('hex')}`;
  readonly prefix = `pair-${randomBytes(5).toString('hex')}/`;
  readonly objects = new AwsObjectStore({ ...services, endpoint: services.endpoint! });
  readonly instances: Instance[] = [];
  /** every process started, listening or not: one that never got there is stopped too */
  private readonly children: ChildProcess[] = [];

  constructor(private readonly extra: readonly string[] = []) {}

  args(runtime: PairRuntime = 'node'): string[] {
    return [
      ENTRY[runtime], 'serve', '--port', '0', '--store', 's3',
      '--s3-endpoint', services.endpoint!, '--s3-bucket', services.bucket, '--s3-prefix', this.prefix,
      '--database-url', services.databaseUrl!, '--database-schema', this.schema,
      '--lease-timeout-ms', '2000', '--log-level', 'warn', ...this.extra,
    ];
  }

  /** Starts one more instance (in its own process group: Miniflare's workerd dies with it). */
  async start(runtime: PairRuntime = 'node'): Promise<Instance> {
    const child = spawn(process.execPath, this.args(runtime), {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: services.accessKeyId, AWS_SECRET_ACCESS_KEY: services.secretAccessKey },
    });
    this.children.push(child);
    let out = '';
    const instance = await new Promise<Instance>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve({ url: m[1]!, child, log: () => out });
      });
      child.stderr!.on('data', (d: Buffer) => (out += d));
      child.once('exit', (code, signal) => reject(new Error(`instance exited (${code ?? signal}) before listening:\n${out}`)));
    });
    this.instances.push(instance);
    return instance;
  }

  /** Object keys under the pair's prefix, e.g. `stg/` (staging objects). */
  async keys(under = ''): Promise<string[]> {
    const out: string[] = [];
    for await (const o of this.objects.list(this.prefix + under)) out.push(o.key);
    return out;
  }

  async sql<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
    const sql = postgres(services.databaseUrl!, { onnotice: () => undefined, connection: { search_path: this.schema } });
    try {
      return await work(sql);
    } finally {
      await sql.end();
    }
  }

  /** Stops every process it started (by process group) and drops the schema and the objects. */
  async stop(): Promise<void> {
    await Promise.all(this.children.map((c) => kill(c, 'SIGKILL')));
    await this.sql((sql) => sql.unsafe(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`));
    await this.objects.delete(await this.keys());
  }
}

/** Signals an instance's whole process group; resolves once the instance has exited. */
export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const group = () => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(group());
  return new Promise((r) => {
    child.once('exit', () => r());
    group();
  });
}
