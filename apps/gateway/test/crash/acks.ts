import { IntervalSet } from '@rangeway/core';

/**
 * What the server acknowledged to the clients: byte ranges answered with success, and commits.
 * Clients resume from this, never from what the server says it holds, and the crash test checks
 * every acknowledged byte against the server after every kill.
 */
export class Acks {
  private readonly ranges = new Map<string, IntervalSet>();
  private readonly commits = new Map<string, string>();

  ack(name: string, start: number, end: number): void {
    if (end > start) this.ranges.set(name, this.of(name).add({ start, end }));
  }

  of(name: string): IntervalSet {
    return this.ranges.get(name) ?? IntervalSet.EMPTY;
  }

  /** The commit was acknowledged; `ref` is what the client reads the file back by (an id, a path). */
  commit(name: string, ref: string): void {
    this.commits.set(name, ref);
  }

  committed(name: string): string | undefined {
    return this.commits.get(name);
  }

  get bytes(): number {
    let n = 0;
    for (const set of this.ranges.values()) n += set.coveredBytes;
    return n;
  }
}
