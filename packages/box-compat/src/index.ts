import type { Uploads } from '@rangeway/core';
import { Hono } from 'hono';

export type BoxDialectOptions = {
  readonly uploads: Uploads;
  /** origin clients use to reach the gateway; default: the request's own origin */
  readonly publicOrigin?: string | undefined;
  /** honour X-Forwarded-Proto/Host when building absolute URLs */
  readonly trustProxy?: boolean;
};

/** Placeholder until the dialect lands: mounts no routes. */
export function boxDialect(_options: BoxDialectOptions): Hono {
  return new Hono();
}
