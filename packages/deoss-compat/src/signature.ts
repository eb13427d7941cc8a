import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58, hex } from '@scure/base';
import { verify } from '@scure/sr25519';

const utf8 = new TextEncoder();
const SIG_LENGTH = 64;
const ETH_SIG_LENGTH = 65;

/** Strict hex (either case, even length); undefined when it is not hex. */
function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return hex.decode(text.toLowerCase());
}

function fromBase58(text: string): Uint8Array | undefined {
  try {
    return base58.decode(text);
  } catch {
    return undefined;
  }
}

/** sr25519 (`substrate` context); exactly 64 bytes (Rangeway choice); a throw counts as false. */
function sr25519Valid(message: Uint8Array, sig: Uint8Array | undefined, publicKey: Uint8Array): boolean {
  if (!sig || sig.length !== SIG_LENGTH) return false;
  try {
    return verify(message, sig, publicKey);
  } catch {
    return false;
  }
}

/**
 * DeOSS's sr25519 acceptance rules (spec §4.4), tried in order: `0x`-hex, plain hex and base58 over
 * the raw message, then hex (optional `0x`) over `<Bytes>` + message + `</Bytes>`. Base58 is never
 * tried with the wrapping, and wrapping is only added, never removed. The raw-binary header form
 * (step 1) is not supported (Rangeway choice).
 */
export function verifySr25519(message: string, signature: string, publicKey: Uint8Array): boolean {
  const raw = utf8.encode(message);
  const unprefixed = signature.startsWith('0x') ? signature.slice(2) : undefined;
  if (unprefixed !== undefined && sr25519Valid(raw, fromHex(unprefixed), publicKey)) return true;
  if (sr25519Valid(raw, fromHex(signature), publicKey)) return true;
  if (sr25519Valid(raw, fromBase58(signature), publicKey)) return true;
  const wrapped = utf8.encode(`<Bytes>${message}</Bytes>`);
  return sr25519Valid(wrapped, fromHex(unprefixed ?? signature), publicKey);
}

/** EIP-55 mixed-case rendering of a 20-byte address. */
export function eip55(address: Uint8Array): string {
  const lower = hex.encode(address);
  const hash = hex.encode(keccak_256(utf8.encode(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) out += Number.parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  return out;
}

/**
 * The EthAcc path (spec §4.6): EIP-191 personal_sign over the message, `0x` r‖s‖v (v 0/1/27/28),
 * the recovered EIP-55 address must equal `ethAcc` exactly. Short signatures answer false (the
 * real server panics into a 500 there).
 */
export function verifyEthereum(message: string, signature: string, ethAcc: string): boolean {
  if (!signature.startsWith('0x')) return false;
  const sig = fromHex(signature.slice(2));
  if (!sig || sig.length !== ETH_SIG_LENGTH) return false;
  const v = sig[64]!;
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) return false;
  const body = utf8.encode(message);
  const digest = keccak_256(new Uint8Array([...utf8.encode(`\x19Ethereum Signed Message:\n${body.length}`), ...body]));
  // noble's 'recovered' format puts the recovery byte first; Ethereum puts v last
  const recovered = new Uint8Array(ETH_SIG_LENGTH);
  recovered[0] = recovery;
  recovered.set(sig.subarray(0, 64), 1);
  try {
    const pub = secp256k1.recoverPublicKey(recovered, digest, { prehash: false });
    const uncompressed = secp256k1.Point.fromBytes(pub).toBytes(false);
    return eip55(keccak_256(uncompressed.subarray(1)).subarray(12)) === ethAcc;
  } catch {
    return false;
  }
}
