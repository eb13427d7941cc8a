import { boxUnavailable } from '@rangeway/box-compat';
import { clickhelpUnavailable } from '@rangeway/clickhelp-compat';
import { deossUnavailable } from '@rangeway/deoss-compat';
import { eosUnavailable } from '@rangeway/eos-compat';
import type { MiddlewareHandler } from 'hono';
import { dialectOf } from './test-target/index';

const UNAVAILABLE: Record<string, (retryAfter: number) => Response> = {
  box: boxUnavailable,
  eos: eosUnavailable,
  deoss: deossUnavailable,
  clickhelp: clickhelpUnavailable,
};

/**
 * Graceful shutdown's bookkeeping: the requests being served, and once draining has begun, a
 * 503 with Retry-After in the dialect's own shape for every new one, so clients retry against
 * the next instance instead of being cut.
 */
export class Drain {
  private active = 0;
  private draining = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly retryAfterSeconds = 5) {}

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.draining) {
        const dialect = dialectOf(c.req.path);
        const answer = dialect && UNAVAILABLE[dialect];
        c.res = answer
          ? answer(this.retryAfterSeconds)
          : Response.json({ error: 'unavailable', message: 'the gateway is shutting down' }, { status: 503, headers: { 'retry-after': String(this.retryAfterSeconds) } });
        return;
      }
      this.active++;
      try {
        await next();
      } finally {
        if (--this.active === 0) for (const w of this.waiters) w();
      }
    };
  }

  get inFlight(): number {
    return this.active;
  }

  begin(): void {
    this.draining = true;
  }

  /** Resolves true once no request is being served, false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(ok);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }
}
