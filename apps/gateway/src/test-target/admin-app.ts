import { type Clock, ManualClock, type Uploads } from '@rangeway/core';
import { type Context, Hono } from 'hono';
import { oneLine } from '../config/one-line';
import { adminGuard } from './admin-guard';
import * as z from '../zod';
import type { FaultInjector } from './faults';
import { fileSummary, listFiles, listSessions, resetStorage, sessionDetail, sessionSummary } from './inspect';
import { LIVE_PAGE } from './live-page';
import type { RequestLog } from './request-log';

export type AdminDeps = {
  readonly uploads: Uploads;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly clock: Clock;
  /** when set, every admin call needs `Authorization: Bearer <token>` */
  readonly token?: string | undefined;
  /** bound to a loopback address: admin calls must name a loopback host */
  readonly loopbackOnly: boolean;
  /** origins besides the gateway's own that may make state-changing admin calls */
  readonly allowedOrigins?: readonly string[];
};

const NOT_JSON = Symbol('not JSON');
/** The request's JSON body; undefined when empty, NOT_JSON when it does not parse. */
async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

const num = (v: string | undefined) => (v === undefined || !/^\d{1,15}$/.test(v) ? undefined : Number(v));

/**
 * The /_rangeway/ surface: inspection, reset, request log, fault rules, clock, live page.
 * Mount at `/`: routes carry their full paths so the page answers at `/_rangeway/` exactly.
 */
export function adminApp(deps: AdminDeps): Hono {
  const { uploads, log, faults, clock } = deps;
  const app = new Hono();
  app.use('/_rangeway/*', adminGuard({ loopbackOnly: deps.loopbackOnly, allowedOrigins: deps.allowedOrigins ?? [] }));

  if (deps.token) {
    const expected = `Bearer ${deps.token}`;
    app.use('/_rangeway/*', async (c, next) => {
      // the live page itself holds no data: a browser can open it, and its script sends the
      // token (from ?token=) with every call it makes
      if (c.req.method === 'GET' && (c.req.path === '/_rangeway' || c.req.path === '/_rangeway/')) return next();
      if (c.req.header('authorization') !== expected)
        return c.json({ error: 'unauthorized', message: 'the admin surface needs its bearer token' }, 401);
      return next();
    });
  }

  app.on('GET', ['/_rangeway', '/_rangeway/'], (c) => c.html(LIVE_PAGE));

  app.get('/_rangeway/sessions', async (c) => {
    const list = await listSessions(uploads.storage, { dialect: c.req.query('dialect'), state: c.req.query('state') });
    return c.json({ sessions: list.map((s) => sessionSummary(s, uploads)) });
  });
  app.get('/_rangeway/sessions/:id', async (c) => {
    const s = await uploads.storage.sessions.get(c.req.param('id'));
    return s ? c.json(sessionDetail(s, uploads)) : c.json({ error: 'not_found', message: 'no such session' }, 404);
  });
  app.get('/_rangeway/files', async (c) => c.json({ files: (await listFiles(uploads.storage, c.req.query('dialect'))).map(fileSummary) }));

  app.post('/_rangeway/reset', async (c) => {
    await resetStorage(uploads);
    log.clear();
    faults.clear();
    return c.body(null, 204);
  });

  app.get('/_rangeway/requests', (c) =>
    c.json({
      requests: log.query({
        dialect: c.req.query('dialect'),
        method: c.req.query('method'),
        path: c.req.query('path'),
        status: num(c.req.query('status')),
        since: num(c.req.query('since')),
        limit: num(c.req.query('limit')),
      }),
    }),
  );
  app.delete('/_rangeway/requests', (c) => {
    log.clear();
    return c.body(null, 204);
  });

  app.get('/_rangeway/faults', (c) => c.json({ faults: faults.list() }));
  app.post('/_rangeway/faults', async (c) => {
    const body = await jsonBody(c);
    if (body === NOT_JSON) return c.json({ error: 'invalid_json', message: 'the body is not valid JSON' }, 400);
    if (body === undefined) return c.json({ error: 'invalid_fault', message: 'send a fault rule (a JSON object) or a list of them' }, 400);
    try {
      return c.json({ faults: faults.add(body) }, 201);
    } catch (e) {
      return c.json({ error: 'invalid_fault', message: oneLine(e) }, 400);
    }
  });
  app.delete('/_rangeway/faults', (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  app.delete('/_rangeway/faults/:id', (c) =>
    faults.remove(c.req.param('id')) ? c.body(null, 204) : c.json({ error: 'not_found', message: 'no such fault' }, 404),
  );

  app.get('/_rangeway/clock', (c) => c.json({ now: new Date(clock.now()).toISOString(), manual: clock instanceof ManualClock }));
  app.post('/_rangeway/clock', async (c) => {
    if (!(clock instanceof ManualClock))
      return c.json({ error: 'conflict', message: 'start the gateway with a manual clock (--clock-start) to move time' }, 409);
    const json = await jsonBody(c);
    if (json === NOT_JSON) return c.json({ error: 'invalid_json', message: 'the body is not valid JSON' }, 400);
    const body = z
      .object({ advanceMs: z.optional(z.int().check(z.minimum(0))), set: z.optional(z.iso.datetime({ offset: true })) })
      .safeParse(json ?? {});
    if (!body.success) return c.json({ error: 'invalid_clock', message: oneLine(body.error) }, 400);
    if (body.data.set) clock.set(Date.parse(body.data.set));
    if (body.data.advanceMs) clock.advance(body.data.advanceMs);
    return c.json({ now: new Date(clock.now()).toISOString(), manual: true });
  });

  return app;
}
