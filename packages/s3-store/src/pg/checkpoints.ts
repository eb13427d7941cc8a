import type { DigestCheckpoint, DigestCheckpoints } from '@rangeway/core';
import type { Sql } from 'postgres';

type Row = { offset: string; rewrites: number; state: Uint8Array };

/**
 * Running digests as rows. A save is one upsert that only moves forward (row comparison on
 * rewrites, then offset), so concurrent savers on several instances need no compare-and-set loop.
 */
export class PgDigestCheckpoints implements DigestCheckpoints {
  constructor(private readonly sql: Sql) {}

  async get(uploadId: string, digest: string): Promise<DigestCheckpoint | undefined> {
    const [r] = await this.sql<Row[]>`
      SELECT "offset", rewrites, state FROM rw_digest_checkpoints WHERE upload_id = ${uploadId} AND digest = ${digest}`;
    return r && { offset: Number(r.offset), rewrites: r.rewrites, state: new Uint8Array(r.state) };
  }

  async save(uploadId: string, digest: string, cp: DigestCheckpoint): Promise<void> {
    await this.sql`
      INSERT INTO rw_digest_checkpoints (upload_id, digest, "offset", rewrites, state)
      VALUES (${uploadId}, ${digest}, ${cp.offset}, ${cp.rewrites}, ${cp.state})
      ON CONFLICT (upload_id, digest) DO UPDATE SET "offset" = EXCLUDED."offset", rewrites = EXCLUDED.rewrites, state = EXCLUDED.state
      WHERE (EXCLUDED.rewrites, EXCLUDED."offset") > (rw_digest_checkpoints.rewrites, rw_digest_checkpoints."offset")`;
  }

  async drop(uploadId: string): Promise<void> {
    await this.sql`DELETE FROM rw_digest_checkpoints WHERE upload_id = ${uploadId}`;
  }
}
