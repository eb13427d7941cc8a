import * as z from '../zod';
import { boxSchema } from './box';
import { clickhelpSchema } from './clickhelp';
import { deossSchema } from './deoss';
import { eosSchema } from './eos';
import { descriptionOf } from './options';
import { serverSchema } from './schema';
import { testingShape } from './testing';

export const configSchema = z.extend(serverSchema, {
  ...testingShape,
  box: boxSchema,
  eos: eosSchema,
  deoss: deossSchema,
  clickhelp: clickhelpSchema,
});

export type GatewayConfig = z.output<typeof configSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;

export const SECTIONS = ['box', 'eos', 'deoss', 'clickhelp'] as const;
type Section = (typeof SECTIONS)[number];

export class ConfigError extends Error {}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebab = (camelCase: string) => camelCase.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function sectionShape(section: Section): Record<string, z.ZodMiniType> {
  return configSchema.shape[section].def.innerType.shape;
}

/** Every accepted option as `kebab-name → description`, for --help and error messages. */
export function describeOptions(): Array<{ flag: string; env: string; description: string; fallback?: unknown }> {
  const out: Array<{ flag: string; env: string; description: string; fallback?: unknown }> = [];
  const add = (name: string, schema: z.ZodMiniType) => {
    const fallback = (schema as { def?: { defaultValue?: unknown } }).def?.defaultValue;
    out.push({
      flag: `--${name}`,
      env: `RANGEWAY_${name.replace(/-/g, '_').toUpperCase()}`,
      description: descriptionOf(schema) ?? '',
      ...(fallback !== undefined && typeof fallback !== 'object' && { fallback }),
    });
  };
  for (const [k, s] of Object.entries({ ...serverSchema.shape, ...testingShape })) add(kebab(k), s);
  for (const section of SECTIONS)
    for (const [k, s] of Object.entries(sectionShape(section))) add(`${section}-${kebab(k)}`, s);
  return out;
}

/** Where a setting came from, to name it in an error as the user wrote it. */
type Origin = 'flag' | 'env';
const nameOf = (name: string, origin: Origin | undefined) =>
  origin === 'env' ? `RANGEWAY_${name.replace(/-/g, '_').toUpperCase()}` : `--${name}`;

/**
 * Turns flat kebab-case settings (from flags or env) into the nested config input. An unknown
 * flag is an error; an unknown RANGEWAY_ variable only a warning (the environment is shared
 * with other tools, and a stray variable must not stop a server from starting).
 */
function nest(flat: Record<string, string | true | string[]>, origin: Origin, warn: (m: string) => void): Record<string, unknown> {
  const known = new Set(describeOptions().map((o) => o.flag.slice(2)));
  const out: Record<string, Record<string, unknown> | unknown> = {};
  for (const [name, value] of Object.entries(flat)) {
    if (!known.has(name)) {
      if (origin === 'env') {
        warn(`ignoring ${nameOf(name, origin)}: no such option (see --help)`);
        continue;
      }
      throw new ConfigError(`unknown option --${name} (see --help)`);
    }
    const section = SECTIONS.find((s) => name.startsWith(`${s}-`));
    if (section) {
      const sec = (out[section] ??= {}) as Record<string, unknown>;
      sec[camel(name.slice(section.length + 1))] = value;
    } else out[camel(name)] = value;
  }
  return out;
}

/** `--key value`, `--key=value` and bare `--flag` (true) into a flat record. */
export function parseFlags(argv: readonly string[]): Record<string, string | true | string[]> {
  const flat: Record<string, string | true | string[]> = {};
  const set = (name: string, value: string | true) => {
    const prev = flat[name];
    // a repeated flag collects its values (e.g. several --fault rules)
    flat[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [String(prev)]), String(value)];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') throw new ConfigError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    if (eq > 0) set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) set(arg.slice(2), argv[++i]!);
    else set(arg.slice(2), true);
  }
  return flat;
}

/** RANGEWAY_* variables into the same flat record. */
export function envSettings(env: Record<string, string | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('RANGEWAY_') && v !== undefined) flat[k.slice(9).toLowerCase().replace(/_/g, '-')] = v;
  return flat;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' ? merge(out[k] as Record<string, unknown>, v as Record<string, unknown>) : v;
  return out;
}

/** Validates configuration from code, environment and flags (later wins). */
export function loadConfig(
  sources: {
    input?: GatewayConfigInput;
    env?: Record<string, string | undefined>;
    argv?: readonly string[];
    /** where warnings go (unknown RANGEWAY_ variables); default stderr */
    warn?: (message: string) => void;
  } = {},
): GatewayConfig {
  const warn = sources.warn ?? ((m: string) => console.warn(`rangeway: ${m}`));
  const env = envSettings(sources.env ?? {});
  const flags = parseFlags(sources.argv ?? []);
  const fromEnv = nest(env, 'env', warn);
  const fromFlags = nest(flags, 'flag', warn);
  const merged = merge(merge((sources.input ?? {}) as Record<string, unknown>, fromEnv), fromFlags);
  // jitless: zod's compiled fast path costs more to build (~10 ms at start) than one parse saves
  const parsed = configSchema.safeParse(merged, { jitless: true });
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const path = i.path.map(String);
    const name = path.length >= 2 && SECTIONS.includes(path[0] as Section) ? `${path[0]}-${kebab(path[1]!)}` : kebab(path[0] ?? '');
    const origin: Origin | undefined = name in flags ? 'flag' : name in env ? 'env' : undefined;
    const value = origin === 'flag' ? flags[name] : origin === 'env' ? env[name] : undefined;
    const label = origin ? nameOf(name, origin) : name;
    if (value === true) return `${label} needs a value`;
    const got = typeof value === 'string' ? ` (got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})` : '';
    return `${label}: ${i.message}${got}`;
  });
  throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
}
