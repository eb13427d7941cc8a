import type { Sql, TransactionSql } from 'postgres';
import type { Extent } from '../extents';
import { DB_NOW } from './schema';

/** How long a claimed seal is the claimer's before another instance may take it over. */
const SEAL_CLAIM_MS = 10 * 60_000;
const SEAL_RETRY_MS = 30_000;

type ExtentRow = { seq: string; start_at: string; end_at: string; object: string; object_offset: string };
const toExtent = (r: ExtentRow): Extent => ({
  seq: Number(r.seq),
  start: Number(r.start_at),
  end: Number(r.end_at),
  object: r.object,
  offset: Number(r.object_offset),
});

/**
 * Which objects hold a blob's bytes: the blob's size, and its extents (object ranges, newest
 * wins). Objects that leave a blob go to the trash, deleted after `graceMs` so that a read
 * another instance began a moment earlier still finds them.
 */
export class PgBlobMap {
  constructor(
    private readonly sql: Sql,
    private readonly graceMs: number,
  ) {}

  async size(key: string): Promise<number | undefined> {
    const [r] = await this.sql<{ size: string }[]>`SELECT size FROM rw_blobs WHERE key = ${key}`;
    return r && Number(r.size);
  }

  async extents(key: string): Promise<{ size: number; extents: Extent[] } | undefined> {
    return this.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
      const [b] = await tx<{ size: string }[]>`SELECT size FROM rw_blobs WHERE key = ${key}`;
      if (!b) return undefined;
      const rows = await tx<ExtentRow[]>`SELECT seq, start_at, end_at, object, object_offset FROM rw_extents WHERE key = ${key} ORDER BY seq`;
      return { size: Number(b.size), extents: rows.map(toExtent) };
    }) as Promise<{ size: number; extents: Extent[] } | undefined>;
  }

  /** Records that [start, end) of `key` is now `object` from offset 0; the blob grows to cover it. */
  async add(key: string, start: number, end: number, object: string): Promise<void> {
    // one statement, so one round trip and atomic
    await this.sql`
      WITH blob AS (
        INSERT INTO rw_blobs (key, size) VALUES (${key}, ${end})
        ON CONFLICT (key) DO UPDATE SET size = GREATEST(rw_blobs.size, EXCLUDED.size))
      INSERT INTO rw_extents (key, start_at, end_at, object, object_offset) VALUES (${key}, ${start}, ${end}, ${object}, 0)`;
  }

  /** Sets the size; bytes past a smaller size are gone (a later extension reads as zeros). */
  async truncate(key: string, size: number): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`INSERT INTO rw_blobs (key, size) VALUES (${key}, ${size}) ON CONFLICT (key) DO UPDATE SET size = EXCLUDED.size`;
      const gone = await tx<{ object: string }[]>`DELETE FROM rw_extents WHERE key = ${key} AND start_at >= ${size} RETURNING object`;
      await this.trash(tx, gone.map((r) => r.object));
      await tx`UPDATE rw_extents SET end_at = ${size} WHERE key = ${key} AND end_at > ${size}`;
    });
  }

  /**
   * Makes `from` available as `to` and removes `from`, in one transaction: from's extents move
   * over, and whatever `to` held before goes to the trash. With `seal`, `to` is marked for the
   * sealer. False if `from` does not exist.
   */
  async rename(from: string, to: string, seal: boolean): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const [b] = await tx<{ size: string }[]>`DELETE FROM rw_blobs WHERE key = ${from} RETURNING size`;
      if (!b) return false;
      const old = await tx<{ object: string }[]>`DELETE FROM rw_extents WHERE key = ${to} RETURNING object`;
      await this.trash(tx, old.map((r) => r.object));
      await tx`UPDATE rw_extents SET key = ${to} WHERE key = ${from}`;
      await tx.unsafe(
        `INSERT INTO rw_blobs (key, size, seal_at) VALUES ($1, $2, CASE WHEN $3 THEN ${DB_NOW} END)
         ON CONFLICT (key) DO UPDATE SET size = EXCLUDED.size, seal_at = EXCLUDED.seal_at`,
        [to, b.size, seal],
      );
      return true;
    }) as Promise<boolean>;
  }

  /**
   * Claims up to `limit` files marked for sealing that nobody is sealing (only `key`, if given):
   * each is theirs for SEAL_CLAIM_MS, after which a sealer that died is taken over.
   */
  async claimSeals(limit: number, key?: string): Promise<string[]> {
    const rows = await this.sql.unsafe(
      `UPDATE rw_blobs SET seal_at = ${DB_NOW} + ${SEAL_CLAIM_MS} WHERE key IN (
         SELECT key FROM rw_blobs WHERE seal_at <= ${DB_NOW} AND ($2::text IS NULL OR key = $2)
         ORDER BY seal_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING key`,
      [limit, key ?? null],
    );
    return rows.map((r) => r.key as string);
  }

  /**
   * Ends a seal: `key` becomes `object` alone (its extents go to the trash), or stays as it is
   * when `object` is undefined; either only if the file still has exactly `extents` and `size`.
   * False (nothing changed) if it was replaced, grown or deleted meanwhile.
   */
  async sealed(key: string, size: number, extents: readonly Extent[], object: string | undefined): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const [b] = await tx<{ size: string }[]>`SELECT size FROM rw_blobs WHERE key = ${key} FOR UPDATE`;
      const now = await tx<{ seq: string }[]>`SELECT seq FROM rw_extents WHERE key = ${key} ORDER BY seq`;
      const same = b && Number(b.size) === size && now.length === extents.length && now.every((r, i) => Number(r.seq) === extents[i]!.seq);
      if (!same) return false;
      if (object !== undefined) {
        const gone = await tx<{ object: string }[]>`DELETE FROM rw_extents WHERE key = ${key} RETURNING object`;
        await this.trash(tx, gone.map((r) => r.object));
        await tx`INSERT INTO rw_extents (key, start_at, end_at, object, object_offset) VALUES (${key}, 0, ${size}, ${object}, 0)`;
      }
      await tx`UPDATE rw_blobs SET seal_at = NULL WHERE key = ${key}`;
      return true;
    }) as Promise<boolean>;
  }

  /** A seal failed: another attempt, by any instance, after SEAL_RETRY_MS. */
  async retrySeal(key: string): Promise<void> {
    await this.sql.unsafe(`UPDATE rw_blobs SET seal_at = ${DB_NOW} + ${SEAL_RETRY_MS} WHERE key = $1 AND seal_at IS NOT NULL`, [key]);
  }

  /** Files not yet one object (tests, inspection). */
  async unsealed(): Promise<number> {
    const [r] = await this.sql`SELECT count(*)::int AS n FROM rw_blobs WHERE seal_at IS NOT NULL`;
    return Number(r!.n);
  }

  async delete(key: string): Promise<void> {
    await this.sql.begin(async (tx) => {
      const gone = await tx<{ object: string }[]>`DELETE FROM rw_extents WHERE key = ${key} RETURNING object`;
      await this.trash(tx, gone.map((r) => r.object));
      await tx`DELETE FROM rw_blobs WHERE key = ${key}`;
    });
  }

  async *list(prefix: string): AsyncIterable<string> {
    let after = '';
    for (;;) {
      const page = await this.sql<{ key: string }[]>`
        SELECT key FROM rw_blobs WHERE starts_with(key, ${prefix}) AND key > ${after} ORDER BY key LIMIT 500`;
      for (const r of page) yield r.key;
      if (page.length < 500) return;
      after = page[page.length - 1]!.key;
    }
  }

  /** Objects no longer needed: deleted from the bucket once their grace time is over. */
  async trash(tx: TransactionSql | Sql, objects: readonly string[]): Promise<void> {
    if (objects.length === 0) return;
    await tx.unsafe(
      `INSERT INTO rw_trash (object, delete_after) SELECT unnest($1::text[]), ${DB_NOW} + $2 ON CONFLICT (object) DO NOTHING`,
      [objects as string[], this.graceMs],
    );
  }

  /**
   * Hands up to `limit` trashed objects whose time has come to `remove`, and forgets them once
   * it succeeds; the rows stay locked meanwhile, so other instances collect other objects.
   */
  async collectTrash(limit: number, remove: (objects: string[]) => Promise<void>): Promise<number> {
    return this.sql.begin(async (tx) => {
      const due = await tx.unsafe(
        `SELECT object FROM rw_trash WHERE delete_after <= ${DB_NOW} ORDER BY delete_after LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const objects = due.map((r) => r.object as string);
      if (objects.length === 0) return 0;
      await remove(objects);
      await tx`DELETE FROM rw_trash WHERE object = ANY(${objects})`;
      return objects.length;
    }) as Promise<number>;
  }

  /** Of `objects`, those that an extent or the trash still knows. */
  async known(objects: readonly string[]): Promise<Set<string>> {
    if (objects.length === 0) return new Set();
    const rows = await this.sql`
      SELECT object FROM rw_extents WHERE object = ANY(${objects as string[]})
      UNION SELECT object FROM rw_trash WHERE object = ANY(${objects as string[]})`;
    return new Set(rows.map((r) => r.object as string));
  }

  /** Objects in the trash (tests, inspection). */
  async trashed(): Promise<number> {
    const [r] = await this.sql`SELECT count(*)::int AS n FROM rw_trash`;
    return Number(r!.n);
  }
}
