import { planAssembly } from './assembly-plan';
import { type Extent, layout } from './extents';
import type { ObjectStore, PartRules } from './object-store';
import { piecesStream } from './pieces-stream';
import type { PgBlobMap } from './pg/blob-map';

export type SealerOptions = {
  readonly prefix: string;
  readonly rules: PartRules;
  readonly nonce: () => string;
};

/** Parts assembled at once. */
const ASSEMBLY_CONCURRENCY = 4;

/**
 * Makes a committed file one object. A commit only moves the upload's extents to the file (one
 * transaction: the file is readable at once, through its pieces) and marks it; the sealer then
 * assembles it under `data/` (server-side copies where the pieces allow, see planAssembly) and
 * swaps the extents for that object, unless the file changed meanwhile. The committing instance
 * starts at once; any instance's sweep takes up a file whose sealer died (claims lapse).
 */
export class Sealer {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly objects: ObjectStore,
    private readonly map: PgBlobMap,
    private readonly options: SealerOptions,
  ) {}

  /** Starts sealing `key` in the background (the commit does not wait). */
  soon(key: string): void {
    const run = this.map
      .claimSeals(1, key)
      .then((keys) => Promise.all(keys.map((k) => this.seal(k))))
      .catch(() => undefined) // left marked: a sweep retries
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Seals up to `limit` marked files no one is sealing; resolves with how many it sealed. */
  async due(limit: number): Promise<number> {
    let sealed = 0;
    for (const key of await this.map.claimSeals(limit)) if (await this.seal(key).catch(() => false)) sealed++;
    return sealed;
  }

  /** Resolves once the background seals started here have ended (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Assembles a claimed file and swaps it in; false if it changed or vanished meanwhile. */
  private async seal(key: string): Promise<boolean> {
    const blob = await this.map.extents(key);
    if (!blob) return false;
    if (this.isSealed(blob.extents, blob.size)) return this.map.sealed(key, blob.size, blob.extents, undefined);
    const object = `${this.options.prefix}data/${key}.${this.options.nonce()}`;
    try {
      await this.assemble(object, blob.extents, blob.size);
      if (await this.map.sealed(key, blob.size, blob.extents, object)) return true;
    } catch (e) {
      await this.map.retrySeal(key).catch(() => undefined);
      await this.objects.delete([object]).catch(() => undefined);
      throw e;
    }
    await this.objects.delete([object]).catch(() => undefined);
    return false;
  }

  /** One data object already holds all of it (or there is nothing to hold). */
  isSealed(extents: readonly Extent[], size: number): boolean {
    if (size === 0) return true;
    const [only] = extents;
    return extents.length === 1 && only!.start === 0 && only!.end === size && only!.offset === 0 && only!.object.startsWith(`${this.options.prefix}data/`);
  }

  /** Makes `object` hold [0, size) of the extents, per the assembly plan. */
  private async assemble(object: string, extents: readonly Extent[], size: number): Promise<void> {
    const plan = planAssembly(layout(extents, { start: 0, end: size }), size, this.options.rules);
    if (plan.kind === 'single') {
      await this.objects.put(object, piecesStream(this.objects, plan.pieces), size);
      return;
    }
    const upload = await this.objects.multipart(object);
    try {
      const queue = plan.parts.map((part, i) => ({ part, number: i + 1 }));
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const { part, number } = next;
          await upload.part(
            number,
            part.kind === 'copy'
              ? { kind: 'copy', key: part.object, range: { start: part.offset, end: part.offset + (part.end - part.start) } }
              : { kind: 'bytes', body: piecesStream(this.objects, part.pieces), length: part.end - part.start },
          );
        }
      };
      await Promise.all(Array.from({ length: Math.min(ASSEMBLY_CONCURRENCY, queue.length) }, worker));
      await upload.complete();
    } catch (e) {
      await upload.abort().catch(() => undefined);
      throw e;
    }
  }
}
