import * as z from '../zod';
import { DIALECTS } from './dialect-of';

const matchShape = {
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  dialect: z.optional(z.enum(DIALECTS)),
  method: z.optional(z.string().check(z.minLength(1), z.maxLength(16))),
  /** substring of the path, or a regular expression written /like this/ */
  path: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  /** header name → substring its value must contain */
  headers: z.optional(z.record(z.string(), z.string())),
  /** apply to the next K matching requests only */
  times: z.optional(z.int().check(z.minimum(1))),
  /** apply with this probability (seeded, so runs are reproducible) */
  probability: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
};

/** A fault rule: which requests it matches and what it does to them. */
export const faultRuleSchema = z.discriminatedUnion('action', [
  z.object({
    ...matchShape,
    action: z.literal('status'),
    status: z.int().check(z.minimum(200), z.maximum(599)),
    body: z.optional(z.string().check(z.maxLength(65_536))),
    responseHeaders: z.optional(z.record(z.string(), z.string())),
  }),
  z.object({ ...matchShape, action: z.literal('delay'), ms: z.int().check(z.minimum(0), z.maximum(120_000)) }),
  /** pass this many request-body bytes to the dialect, then drop the connection */
  z.object({ ...matchShape, action: z.literal('cut'), afterBytes: z.int().check(z.minimum(0)) }),
  /** make an offset-reporting answer (a `Range: bytes=0-N` header) claim `bytes` fewer bytes */
  z.object({ ...matchShape, action: z.literal('stale-offset'), bytes: z.int().check(z.minimum(1)) }),
]);

export type FaultRule = z.output<typeof faultRuleSchema>;

export type ActiveRule = FaultRule & { readonly id: string; hits: number };

export function matches(rule: ActiveRule, req: { method: string; path: string; dialect?: string; headers: Headers }): boolean {
  if (rule.times !== undefined && rule.hits >= rule.times) return false;
  if (rule.dialect !== undefined && rule.dialect !== req.dialect) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== req.method) return false;
  if (rule.path !== undefined) {
    const re = /^\/(.+)\/$/.exec(rule.path);
    if (re ? !safeRegex(re[1]!).test(req.path) : !req.path.includes(rule.path)) return false;
  }
  for (const [name, part] of Object.entries(rule.headers ?? {}))
    if (!(req.headers.get(name) ?? '').includes(part)) return false;
  return true;
}

function safeRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return /(?!)/; // an invalid pattern matches nothing
  }
}
