import * as z from 'zod';

/** Options for using the gateway as a test target: admin surface, request log, faults, determinism. */
export const testingShape = {
  admin: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe('the /_rangeway/ admin surface: auto = on when bound to loopback'),
  adminToken: z.string().min(8, 'the admin token needs at least 8 characters').optional().describe('bearer token required by the admin surface (at least 8 characters)'),
  requestLogSize: z.coerce.number().int().min(0).max(100_000).default(1000).describe('requests kept in the log'),
  seed: z.string().min(1).optional().describe('seed for reproducible ids and fault probabilities'),
  clockStart: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('start a manual clock at this ISO time (advance it with POST /_rangeway/clock)'),
  fault: z
    .union([z.array(z.unknown()), z.string()])
    .default([])
    .transform((v, ctx) => {
      if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' ? parseJson(x, ctx) : [x]));
      return parseJson(v, ctx);
    })
    .describe('a fault rule as JSON (an object or an array); repeat the flag for more'),
};

function parseJson(text: string, ctx: z.RefinementCtx): unknown[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [v];
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return [];
  }
}
