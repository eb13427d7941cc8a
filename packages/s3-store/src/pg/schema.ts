import type { Sql } from 'postgres';

/** SQL for "now" in epoch milliseconds on the database's clock (one clock for all instances). */
export const DB_NOW = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * The schema, as numbered migrations applied in order. Never edit a released migration: add
 * the next one. Each runs once per database schema, recorded in rw_migrations.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rw_sessions (
     id text PRIMARY KEY,
     namespace text NOT NULL,
     key text,
     state text NOT NULL,
     version integer NOT NULL,
     expires_at bigint,
     claimed_until bigint,
     doc jsonb NOT NULL);
   CREATE UNIQUE INDEX rw_sessions_key ON rw_sessions (namespace, key) WHERE key IS NOT NULL;
   CREATE INDEX rw_sessions_due ON rw_sessions (expires_at) WHERE state IN ('open', 'complete');
   CREATE TABLE rw_files (
     namespace text NOT NULL,
     name text COLLATE "C" NOT NULL,
     id text NOT NULL UNIQUE,
     doc jsonb NOT NULL,
     PRIMARY KEY (namespace, name));
   CREATE TABLE rw_instances (id text PRIMARY KEY, heartbeat_at bigint NOT NULL);
   CREATE TABLE rw_leases (
     token text PRIMARY KEY,
     key text NOT NULL,
     span_start bigint NOT NULL,
     span_end bigint NOT NULL,
     instance_id text NOT NULL);
   CREATE INDEX rw_leases_key ON rw_leases (key);
   CREATE TABLE rw_blobs (key text COLLATE "C" PRIMARY KEY, size bigint NOT NULL);
   CREATE TABLE rw_extents (
     key text NOT NULL,
     seq bigserial,
     start_at bigint NOT NULL,
     end_at bigint NOT NULL,
     object text NOT NULL UNIQUE,
     object_offset bigint NOT NULL,
     PRIMARY KEY (key, seq));
   CREATE TABLE rw_trash (object text PRIMARY KEY, delete_after bigint NOT NULL);`,
  `CREATE TABLE rw_digest_checkpoints (
     upload_id text NOT NULL,
     digest text NOT NULL,
     "offset" bigint NOT NULL,
     rewrites integer NOT NULL,
     state bytea NOT NULL,
     PRIMARY KEY (upload_id, digest));`,
  `ALTER TABLE rw_blobs ADD COLUMN seal_at bigint;
   CREATE INDEX rw_blobs_seal ON rw_blobs (seal_at) WHERE seal_at IS NOT NULL;`,
  // a lease in one round trip instead of six: the advisory lock lasts as long as the statement
  `CREATE FUNCTION rw_acquire_lease(p_key text, p_start bigint, p_end bigint, p_token text, p_instance text, p_timeout bigint)
   RETURNS TABLE (taken_start bigint, taken_end bigint) LANGUAGE plpgsql AS $f$
   BEGIN
     PERFORM pg_advisory_xact_lock(hashtextextended('rangeway-lease:' || p_key, 0));
     DELETE FROM rw_leases l WHERE l.key = p_key AND NOT EXISTS (
       SELECT 1 FROM rw_instances i WHERE i.id = l.instance_id AND i.heartbeat_at > ${DB_NOW} - p_timeout);
     RETURN QUERY SELECT l.span_start, l.span_end FROM rw_leases l
       WHERE l.key = p_key AND l.span_start < p_end AND l.span_end > p_start LIMIT 1;
     IF NOT FOUND THEN
       INSERT INTO rw_leases (token, key, span_start, span_end, instance_id) VALUES (p_token, p_key, p_start, p_end, p_instance);
     END IF;
   END $f$;`,
];



/**
 * Creates the schema and applies the migrations it lacks. Safe when several instances start at
 * once: they take turns on an advisory lock held for the transaction.
 */
export async function migrate(sql: Sql, schema: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`rangeway-migrate:${schema}`}))`;
    await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await tx.unsafe(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await tx.unsafe(`CREATE TABLE IF NOT EXISTS rw_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.unsafe(`SELECT version FROM rw_migrations`)).map((r) => Number(r.version)));
    for (let v = 1; v <= MIGRATIONS.length; v++) {
      if (done.has(v)) continue;
      await tx.unsafe(MIGRATIONS[v - 1]!);
      await tx.unsafe(`INSERT INTO rw_migrations (version) VALUES (${v})`);
    }
  });
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
