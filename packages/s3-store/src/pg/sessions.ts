import {
  AlreadyExistsError,
  BusyError,
  type Lease,
  NotFoundError,
  type SessionChange,
  type SessionFilter,
  type SessionStore,
  type UploadSession,
} from '@rangeway/core';
import type { JSONValue, Sql, TransactionSql } from 'postgres';
import { isUniqueViolation } from './errors';

type Row = { doc: Omit<UploadSession, 'version'>; version: number };

const fromRow = (r: Row): UploadSession => ({ ...r.doc, version: Number(r.version) });
const docOf = ({ version: _v, ...doc }: UploadSession) => doc as unknown as JSONValue;

/** How long a sweeper's claim on a due session keeps other sweepers off it. */
const CLAIM_MS = 60_000;

/**
 * Sessions as rows in PostgreSQL: the session JSON in `doc`, with the columns that lookups,
 * uniqueness and expiry sweeps need beside it. `modify` is one transaction holding the row
 * lock, so writers on several instances take turns instead of retrying.
 */
export class PgSessionStore implements SessionStore {
  constructor(
    private readonly sql: Sql,
    /** whether `token` is still a live lease (fencing), checked inside the transaction */
    private readonly leaseLive: (tx: TransactionSql, token: string) => Promise<boolean>,
  ) {}

  async get(id: string): Promise<UploadSession | undefined> {
    const [r] = await this.sql<Row[]>`SELECT doc, version FROM rw_sessions WHERE id = ${id}`;
    return r && fromRow(r);
  }

  async getByKey(namespace: string, key: string): Promise<UploadSession | undefined> {
    const [r] = await this.sql<Row[]>`SELECT doc, version FROM rw_sessions WHERE namespace = ${namespace} AND key = ${key}`;
    return r && fromRow(r);
  }

  async create(session: UploadSession): Promise<UploadSession> {
    const stored = { ...session, version: 1 };
    try {
      await this.sql`
        INSERT INTO rw_sessions (id, namespace, key, state, version, expires_at, doc)
        VALUES (${stored.id}, ${stored.namespace}, ${stored.key ?? null}, ${stored.state}, 1, ${stored.expiresAt ?? null}, ${this.sql.json(docOf(stored))})`;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AlreadyExistsError(`session ${session.id} or its key already exists`);
      throw e;
    }
    return stored;
  }

  async update(session: UploadSession): Promise<UploadSession> {
    const next = { ...session, version: session.version + 1 };
    const rows = await this.write(this.sql, next, session.version);
    if (rows === 0) {
      if (!(await this.get(session.id))) throw new NotFoundError(`no session ${session.id}`);
      throw new BusyError(`session ${session.id} changed meanwhile`);
    }
    return next;
  }

  private async write(sql: Sql | TransactionSql, next: UploadSession, expected: number): Promise<number> {
    try {
      const res = await sql`
        UPDATE rw_sessions SET key = ${next.key ?? null}, state = ${next.state}, version = ${next.version},
          expires_at = ${next.expiresAt ?? null}, doc = ${this.sql.json(docOf(next))}
        WHERE id = ${next.id} AND version = ${expected}`;
      return res.count;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AlreadyExistsError(`the key of session ${next.id} is taken`);
      throw e;
    }
  }

  async delete(id: string, version?: number): Promise<boolean> {
    const res =
      version === undefined
        ? await this.sql`DELETE FROM rw_sessions WHERE id = ${id}`
        : await this.sql`DELETE FROM rw_sessions WHERE id = ${id} AND version = ${version}`;
    if (res.count === 0 && version !== undefined && (await this.get(id))) throw new BusyError(`session ${id} changed meanwhile`);
    if (res.count > 0) await this.sql`DELETE FROM rw_digest_checkpoints WHERE upload_id = ${id}`;
    return res.count > 0;
  }

  async *list(filter: SessionFilter = {}): AsyncIterable<UploadSession> {
    const states = filter.states ? [...filter.states] : null;
    let after = '';
    for (;;) {
      const page = await this.sql<(Row & { id: string })[]>`
        SELECT id, doc, version FROM rw_sessions
        WHERE id > ${after}
          AND (${filter.namespace ?? null}::text IS NULL OR namespace = ${filter.namespace ?? null})
          AND (${states}::text[] IS NULL OR state = ANY(${states}::text[]))
        ORDER BY id COLLATE "C" LIMIT 200`;
      for (const r of page) yield fromRow(r);
      if (page.length < 200) return;
      after = page[page.length - 1]!.id;
    }
  }

  /** SessionStore.count: one query, no session read (a metrics scrape used to list them all). */
  async count(filter: SessionFilter = {}): Promise<number> {
    const states = filter.states ? [...filter.states] : null;
    const [r] = await this.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM rw_sessions
      WHERE (${filter.namespace ?? null}::text IS NULL OR namespace = ${filter.namespace ?? null})
        AND (${states}::text[] IS NULL OR state = ANY(${states}::text[]))`;
    return r!.n;
  }

  async modify(id: string, change: SessionChange, fence?: Lease): Promise<UploadSession> {
    return this.sql.begin(async (tx) => {
      if (fence && !(await this.leaseLive(tx, fence.token)))
        throw new BusyError(`the lease on ${fence.key} was lost before the write was recorded; retry`);
      const [r] = await tx<Row[]>`SELECT doc, version FROM rw_sessions WHERE id = ${id} FOR UPDATE`;
      if (!r) throw new NotFoundError(`no session ${id}`);
      const cur = fromRow(r);
      const next = change(cur);
      if (next === cur) return cur;
      const stored = { ...next, version: cur.version + 1 };
      await this.write(tx as unknown as Sql, stored, cur.version);
      return stored;
    }) as Promise<UploadSession>;
  }

  async claimDue(now: number, limit: number): Promise<readonly UploadSession[]> {
    const rows = await this.sql<Row[]>`
      UPDATE rw_sessions SET claimed_until = ${now + CLAIM_MS}
      WHERE id IN (
        SELECT id FROM rw_sessions
        WHERE state IN ('open', 'complete') AND expires_at <= ${now} AND (claimed_until IS NULL OR claimed_until <= ${now})
        ORDER BY expires_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING doc, version`;
    return rows.map(fromRow);
  }
}
