import { nanoid } from 'nanoid';

/** Time source; injectable so tests and the deterministic mode can control expiry. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.t;
  }
  set(ms: number): void {
    this.t = ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Id source; injectable for seeded, reproducible ids. */
export interface IdSource {
  /** a url-safe random id of the given length */
  id(size?: number): string;
  /** `bytes` random bytes, e.g. for hex ids in a dialect's own format */
  bytes(count: number): Uint8Array;
}

export const randomIds: IdSource = {
  id: (size = 21) => nanoid(size),
  bytes: (count) => crypto.getRandomValues(new Uint8Array(count)),
};

/** Deterministic ids from a seed (xorshift128+; reproducible, not secure). */
export class SeededIds implements IdSource {
  private s0: bigint;
  private s1: bigint;
  private static readonly ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
  constructor(seed: number | string) {
    let h = 0xcbf29ce484222325n;
    for (const c of String(seed)) h = BigInt.asUintN(64, (h ^ BigInt(c.charCodeAt(0))) * 0x100000001b3n);
    this.s0 = h || 1n;
    this.s1 = BigInt.asUintN(64, h * 0x9e3779b97f4a7c15n) || 2n;
  }
  private next(): number {
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x = BigInt.asUintN(64, x ^ (x << 23n));
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return Number(BigInt.asUintN(64, this.s1 + y) >> 56n); // top byte
  }
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = this.next();
    return out;
  }
  id(size = 21): string {
    let s = '';
    for (const b of this.bytes(size)) s += SeededIds.ALPHABET[b & 63];
    return s;
  }
}
