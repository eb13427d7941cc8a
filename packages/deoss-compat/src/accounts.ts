import { toHex } from '@rangeway/core';
import { publicKeyOf } from './ss58';

/**
 * Who an account string names: its public key when it is an SS58 address (the same key written
 * with the CESS prefix `cX…` or the Substrate one `5…` is the same account), else the text itself.
 */
export function accountIdentity(address: string): string {
  const key = publicKeyOf(address);
  return key ? `key:${toHex(key)}` : `text:${address}`;
}

export const sameAccount = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && accountIdentity(a) === accountIdentity(b);

/** A set of accounts compared by identity, so an access list cannot be bypassed by re-encoding. */
export class AccountSet {
  private readonly ids: ReadonlySet<string>;

  constructor(addresses: Iterable<string>) {
    this.ids = new Set([...addresses].map(accountIdentity));
  }

  get size(): number {
    return this.ids.size;
  }

  has(address: string): boolean {
    return this.ids.has(accountIdentity(address));
  }
}
