import { blake2b } from '@noble/hashes/blake2.js';
import { base58 } from '@scure/base';

/** The two SS58 network prefixes DeOSS accepts: 11330 (CESS `cX…`) and 42 (generic Substrate `5…`). */
const PREFIXES: readonly Uint8Array[] = [Uint8Array.of(0x50, 0xac), Uint8Array.of(0x2a)];
const SS58PRE = new TextEncoder().encode('SS58PRE');
const MAX_ADDRESS = 64;

/** The 32-byte public key of a CESS (11330) or Substrate (42) SS58 address; undefined otherwise. */
export function publicKeyOf(address: string): Uint8Array | undefined {
  if (address.length === 0 || address.length > MAX_ADDRESS) return undefined;
  let raw: Uint8Array;
  try {
    raw = base58.decode(address);
  } catch {
    return undefined;
  }
  for (const prefix of PREFIXES) {
    if (raw.length !== prefix.length + 34 || !prefix.every((b, i) => raw[i] === b)) continue;
    const body = raw.subarray(0, prefix.length + 32);
    const sum = blake2b(concat(SS58PRE, body), { dkLen: 64 });
    if (sum[0] !== raw[prefix.length + 32] || sum[1] !== raw[prefix.length + 33]) return undefined;
    return raw.slice(prefix.length, prefix.length + 32);
  }
  return undefined;
}

/** The SS58 address of a public key under a prefix (11330 or 42); used by tests and docs. */
export function addressOf(publicKey: Uint8Array, network: 11330 | 42 = 11330): string {
  const body = concat(network === 11330 ? PREFIXES[0]! : PREFIXES[1]!, publicKey);
  const sum = blake2b(concat(SS58PRE, body), { dkLen: 64 });
  return base58.encode(concat(body, sum.subarray(0, 2)));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
