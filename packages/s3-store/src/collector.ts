import type { ObjectStore } from './object-store';
import type { PgBlobMap } from './pg/blob-map';
import type { Sealer } from './sealer';

export type CollectorOptions = {
  /** key prefix of the store's objects */
  readonly prefix: string;
  /** an object no extent knows is an orphan once it is this old (a write records its object within moments) */
  readonly orphanGraceMs: number;
  /** how often the bucket is listed for orphans (listing is the costly part) */
  readonly orphanScanMs: number;
};

/** Files a round seals at most (each is a server-side copy of the whole file). */
const SEALS_PER_ROUND = 8;

/**
 * Committed files not yet one object (their sealer died), deferred deletes and orphans.
 * Trashed objects are deleted once their grace time is over.
 * Orphans are objects a crash left behind before their extent was recorded (or after an
 * assembly that never got catalogued): found by listing the store's prefixes now and then.
 */
export class Collector {
  private lastScan = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly objects: ObjectStore,
    private readonly map: PgBlobMap,
    private readonly sealer: Sealer,
    private readonly options: CollectorOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** One round; resolves with how many objects were deleted. */
  async collect(): Promise<number> {
    await this.sealer.due(SEALS_PER_ROUND);
    let removed = 0;
    for (let n = -1; n !== 0; removed += n) n = await this.map.collectTrash(500, (objects) => this.objects.delete(objects));
    if (this.now() - this.lastScan >= this.options.orphanScanMs) {
      this.lastScan = this.now();
      removed += await this.collectOrphans();
    }
    return removed;
  }

  async collectOrphans(): Promise<number> {
    const cutoff = this.now() - this.options.orphanGraceMs;
    let removed = 0;
    for (const area of ['stg/', 'data/']) {
      let batch: string[] = [];
      const sweep = async () => {
        const known = await this.map.known(batch);
        const orphans = batch.filter((k) => !known.has(k));
        await this.objects.delete(orphans);
        removed += orphans.length;
        batch = [];
      };
      for await (const o of this.objects.list(`${this.options.prefix}${area}`)) {
        if (o.lastModified > cutoff) continue;
        batch.push(o.key);
        if (batch.length >= 500) await sweep();
      }
      await sweep();
    }
    return removed;
  }
}
