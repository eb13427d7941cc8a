import type { DigestAlgorithm, Hasher, Interval } from '@rangeway/core';
import type { ThreadHashers } from './thread-hashers';

/** One hasher of a ThreadHashers pool: its state lives on the pool's worker, under `id`. */
export class ThreadHasher implements Hasher {
  private done = false;
  /** a file is being fed: the worker's state of this hasher is not settled yet */
  private reading = false;

  constructor(
    private readonly pool: ThreadHashers,
    readonly algorithm: DigestAlgorithm,
    readonly id: number,
  ) {}

  update(chunk: Uint8Array): void {
    this.assertOpen();
    this.pool.update(this.id, chunk);
  }

  updateZeros(count: number): void {
    this.assertOpen();
    this.pool.updateZeros(this.id, count);
  }

  digest(): Uint8Array {
    this.assertOpen();
    this.done = true;
    return this.pool.digest(this);
  }

  digestAsync(): Promise<Uint8Array> {
    this.assertOpen();
    this.done = true;
    return this.pool.digestAsync(this);
  }

  clone(): Hasher {
    this.assertOpen();
    return this.pool.clone(this.id, this.algorithm);
  }

  ready(): Promise<void> | undefined {
    return this.pool.ready();
  }

  async updateFromFile(path: string, range: Interval): Promise<void> {
    this.assertOpen();
    this.reading = true;
    try {
      await this.pool.updateFromFile(this, path, range);
    } finally {
      this.reading = false;
    }
  }

  private assertOpen(): void {
    if (this.done) throw new Error(`${this.algorithm} hasher used after digest()`);
    if (this.reading) throw new Error(`${this.algorithm} hasher used while it reads a file`);
  }
}
