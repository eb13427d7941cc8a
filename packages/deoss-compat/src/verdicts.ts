/**
 * The verdicts of recent signature checks, at most `limit` of them, least recently used out
 * first. A client signs one message and sends the same signature with every chunk of an upload;
 * an sr25519 verification costs about 1.3 ms, which at 64 KiB chunks was a third of the request.
 * A verdict never changes for the same account, message and signature (the message's expiry is
 * checked on every request, before this), so refusals are kept too: a client retrying a forged
 * signature costs one verification, not one per retry.
 */
export class Verdicts {
  private readonly seen = new Map<string, boolean>();

  constructor(private readonly limit = 1024) {}

  check(key: string, verify: () => boolean): boolean {
    const known = this.seen.get(key);
    if (known !== undefined) {
      this.seen.delete(key); // most recently used goes last
      this.seen.set(key, known);
      return known;
    }
    const verdict = verify();
    this.seen.set(key, verdict);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.keys().next().value!);
    return verdict;
  }

  get size(): number {
    return this.seen.size;
  }
}
