import type { FileCatalog, FileRecord } from '@rangeway/core';
import type { JSONValue, Sql } from 'postgres';

type Row = { doc: FileRecord };

/** The file catalog as rows; names compare byte-wise (COLLATE "C"), as the memory catalog orders them. */
export class PgFileCatalog implements FileCatalog {
  constructor(private readonly sql: Sql) {}

  async get(namespace: string, name: string): Promise<FileRecord | undefined> {
    const [r] = await this.sql<Row[]>`SELECT doc FROM rw_files WHERE namespace = ${namespace} AND name = ${name}`;
    return r?.doc;
  }

  async getById(id: string): Promise<FileRecord | undefined> {
    const [r] = await this.sql<Row[]>`SELECT doc FROM rw_files WHERE id = ${id}`;
    return r?.doc;
  }

  async put(record: FileRecord): Promise<void> {
    await this.sql.begin(async (tx) => {
      // the id moves with a renamed new version: its old name goes
      await tx`DELETE FROM rw_files WHERE id = ${record.id} AND NOT (namespace = ${record.namespace} AND name = ${record.name})`;
      await tx`
        INSERT INTO rw_files (namespace, name, id, doc)
        VALUES (${record.namespace}, ${record.name}, ${record.id}, ${this.sql.json(record as unknown as JSONValue)})
        ON CONFLICT (namespace, name) DO UPDATE SET id = EXCLUDED.id, doc = EXCLUDED.doc`;
    });
  }

  async delete(namespace: string, name: string): Promise<boolean> {
    return (await this.sql`DELETE FROM rw_files WHERE namespace = ${namespace} AND name = ${name}`).count > 0;
  }

  async *list(namespace: string, prefix = ''): AsyncIterable<FileRecord> {
    let after: string | null = null;
    for (;;) {
      const page: (Row & { name: string })[] = await this.sql<(Row & { name: string })[]>`
        SELECT name, doc FROM rw_files
        WHERE namespace = ${namespace} AND starts_with(name, ${prefix}) AND (${after}::text IS NULL OR name > ${after})
        ORDER BY name LIMIT 200`;
      for (const r of page) yield r.doc;
      if (page.length < 200) return;
      after = page[page.length - 1]!.name;
    }
  }
}
