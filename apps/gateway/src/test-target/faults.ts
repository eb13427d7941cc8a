import type { Context, MiddlewareHandler } from 'hono';
import { dialectOf } from './dialect-of';
import { type ActiveRule, type FaultRule, faultRuleSchema, matches } from './fault-rules';

/** mulberry32: tiny, seedable, good enough to make probabilistic faults reproducible. */
function prng(seed: string): () => number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Passes `limit` bytes of a body through, then fails it as a dropped connection would. */
function cutAfter(body: ReadableStream<Uint8Array>, limit: number, onCut: (passed: number) => void): ReadableStream<Uint8Array> {
  let passed = 0;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (passed >= limit) {
        onCut(passed);
        await reader.cancel().catch(() => {});
        controller.error(new TypeError('connection cut by a fault rule'));
        return;
      }
      const r = await reader.read();
      if (r.done) return controller.close();
      const take = Math.min(r.value.length, limit - passed);
      passed += take;
      controller.enqueue(r.value.subarray(0, take));
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

type NodeBindings = { incoming?: { socket?: { destroy(): void } } };

/**
 * Fault injection for upload clients: fail matching requests with a status, delay them, cut the
 * connection after N body bytes, or report a stale offset — for the next K matches or with a
 * seeded probability.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  /** which rule fired on a request (kept by the request as it arrived) */
  private readonly fired = new WeakMap<Request, string>();
  /** what the client got instead of the dialect's own answer, when a rule changed it */
  private readonly outcomes = new WeakMap<Request, string>();
  private next = 0;
  private random: () => number;

  constructor(private readonly seed = 'rangeway') {
    this.random = prng(seed);
  }

  /** Validates and adds rules; throws a ZodError on a bad rule. */
  add(input: unknown): ActiveRule[] {
    const list = (Array.isArray(input) ? input : [input]).map((r) => faultRuleSchema.parse(r));
    const added = list.map((r: FaultRule) => ({ ...r, id: r.id ?? `f${++this.next}`, hits: 0 }));
    this.rules.push(...added);
    return added;
  }

  /** The id of the rule that fired on `request`, if one did. */
  firedOn(request: Request): string | undefined {
    return this.fired.get(request);
  }

  /** What the client of `request` actually got from the rule that fired, e.g. `connection cut after 4096 body bytes`. */
  outcomeOf(request: Request): string | undefined {
    return this.outcomes.get(request);
  }

  list(): readonly ActiveRule[] {
    return this.rules;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
    this.random = prng(this.seed);
  }

  private pick(c: Context): ActiveRule | undefined {
    const req = { method: c.req.method, path: c.req.path, dialect: dialectOf(c.req.path), headers: c.req.raw.headers };
    for (const rule of this.rules) {
      if (!matches(rule, req)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.hits++;
      return rule;
    }
    return undefined;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.rules.length === 0 || c.req.path.startsWith('/_rangeway')) return next();
      const rule = this.pick(c);
      if (!rule) return next();
      const original = c.req.raw;
      const got = (what: string) => this.outcomes.set(original, what);
      this.fired.set(original, rule.id);
      switch (rule.action) {
        case 'status':
          got(`status ${rule.status} from the fault rule; the dialect never saw the request`);
          return new Response(rule.body ?? null, { status: rule.status, headers: rule.responseHeaders ?? {} });
        case 'delay':
          got(`the dialect's answer, ${rule.ms} ms late`);
          await new Promise((r) => setTimeout(r, rule.ms));
          return next();
        case 'cut': {
          const body = c.req.raw.body;
          let passed: number | undefined;
          if (body) c.req.raw = new Request(c.req.raw, { body: cutAfter(body, rule.afterBytes, (n) => (passed = n)), duplex: 'half' } as RequestInit);
          await next();
          const socket = (c.env as NodeBindings | undefined)?.incoming?.socket;
          const after = passed === undefined ? 'with its whole body read' : `after ${passed} body bytes`;
          // on Node the client sees a reset connection; runtimes without socket access get a 503
          if (socket) {
            got(`connection reset ${after}, no answer (the dialect computed ${c.res.status})`);
            socket.destroy();
          } else {
            got(`status 503 "connection cut by a fault rule" ${after} (the dialect computed ${c.res.status})`);
            c.res = new Response('connection cut by a fault rule', { status: 503 });
          }
          return;
        }
        case 'stale-offset': {
          await next();
          const m = /^bytes=0-(\d+)$/.exec(c.res.headers.get('range') ?? '');
          if (!m) return;
          const last = Number(m[1]) - rule.bytes;
          // edit in place: assigning c.res would copy the old headers back over the new ones
          if (last >= 0) c.res.headers.set('range', `bytes=0-${last}`);
          else c.res.headers.delete('range');
          got(`Range ${last >= 0 ? `bytes=0-${last}` : 'left out'} instead of bytes=0-${m[1]}`);
          return;
        }
      }
    };
  }
}
