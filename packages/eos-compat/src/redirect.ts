import type { IdSource } from '@rangeway/core';
import { toHex } from '@rangeway/core';

/** The data endpoint behind the redirect, on the same gateway (EOS: the storage server, FST). */
export const DATA_PREFIX = '/_eos/fst';
const LIFETIME_MS = 10 * 60_000;

/**
 * Opaque `encURI` capabilities, as the namespace server signs them: each names one path and
 * expires; the data endpoint accepts nothing else.
 */
export class Capabilities {
  private readonly issued = new Map<string, { path: string; until: number }>();

  constructor(
    private readonly ids: IdSource,
    private readonly now: () => number,
  ) {}

  issue(path: string): string {
    const token = toHex(this.ids.bytes(16));
    this.issued.set(token, { path, until: this.now() + LIFETIME_MS });
    if (this.issued.size > 10_000) this.prune();
    return token;
  }

  valid(token: string | undefined, path: string): boolean {
    const cap = token === undefined ? undefined : this.issued.get(token);
    return cap !== undefined && cap.path === path && cap.until > this.now();
  }

  private prune(): void {
    const now = this.now();
    for (const [k, v] of this.issued) if (v.until <= now) this.issued.delete(k);
  }
}
