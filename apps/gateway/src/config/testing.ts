import * as z from '../zod';
import { defaulted, int, optional, text } from './options';

/** Options for using the gateway as a test target: admin surface, request log, faults, determinism. */
export const testingShape = {
  admin: defaulted(z.enum(['auto', 'on', 'off']), 'auto', 'the /_rangeway/ admin surface: auto = on when bound to loopback'),
  adminToken: optional(
    z.string().check(z.minLength(8, 'the admin token needs at least 8 characters')),
    'bearer token required by the admin surface (at least 8 characters)',
  ),
  requestLogSize: defaulted(int(0, 100_000), 1000, 'requests kept in the log'),
  seed: optional(text(), 'seed for reproducible ids and fault probabilities'),
  clockStart: optional(z.iso.datetime({ offset: true }), 'start a manual clock at this ISO time (advance it with POST /_rangeway/clock)'),
  fault: defaulted(
    z.pipe(
      z.union([z.array(z.unknown()), z.string()]),
      z.transform((v, ctx) => {
        const texts = Array.isArray(v) ? v : [v];
        return texts.flatMap((x) => (typeof x === 'string' ? parseJson(x, ctx) : [x]));
      }),
    ),
    [],
    'a fault rule as JSON (an object or an array); repeat the flag for more',
  ),
};

function parseJson(text: string, ctx: z.core.ParsePayload): unknown[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [v];
  } catch {
    ctx.issues.push({ code: 'custom', message: 'not valid JSON', input: text });
    return [];
  }
}
