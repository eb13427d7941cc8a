import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base58, hex } from '@scure/base';
import { getPublicKey, secretFromSeed, sign } from '@scure/sr25519';
import { describe, expect, it } from 'vitest';
import { ss58Address, ss58PublicKey } from '../src/index';
import { FIXED_TIME, SIGNED, VECTOR, expectEnvelope, range, setup } from './helpers';

const utf8 = new TextEncoder();

/** The first chunk of a two-byte upload: 308 when the identity passes, the 403 envelope when not. */
async function firstChunk(env: ReturnType<typeof setup>, headers: Record<string, string>): Promise<Response> {
  return env.put('signed.bin', { ...headers, ...range(0, 0, 2) }, 'a');
}

async function accepted(headers: Record<string, string>, env = setup()): Promise<boolean> {
  const res = await firstChunk(env, headers);
  if (res.status === 308) return true;
  await expectEnvelope(res, 403, 'no permission');
  return false;
}

describe('SS58 accounts', () => {
  const publicKey = hex.decode('e2111779981618705ecacea1af6ff9350bce2b2dccd03e0c3e01eb0c823d2666');

  it('derives the §12.1 key from its seed and renders the vector addresses', () => {
    expect(hex.encode(getPublicKey(secretFromSeed(hex.decode('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'))))).toBe(
      hex.encode(publicKey),
    );
    expect(ss58Address(publicKey)).toBe(VECTOR.account);
    expect(ss58Address(publicKey, 42)).toBe(VECTOR.account42);
  });

  it('accepts prefixes 11330 and 42 only, with a valid checksum', () => {
    expect(ss58PublicKey(VECTOR.account)).toEqual(publicKey);
    expect(ss58PublicKey(VECTOR.account42)).toEqual(publicKey);
    expect(ss58PublicKey(VECTOR.account11331)).toBeUndefined();
    // one character changed breaks the checksum
    expect(ss58PublicKey(`${VECTOR.account.slice(0, -1)}s`)).toBeUndefined();
    expect(ss58PublicKey('not base58 0OIl')).toBeUndefined();
    expect(ss58PublicKey('')).toBeUndefined();
  });
});

describe('the §12.1 fixed vectors through PUT /resume (accept/reject table)', () => {
  const upper = `0x${VECTOR.signature.slice(2).toUpperCase()}`;
  const table: [string, Record<string, string>, boolean][] = [
    ['0x-hex over the raw message', SIGNED, true],
    ['plain hex', { ...SIGNED, signature: VECTOR.signature.slice(2) }, true],
    ['upper-case hex', { ...SIGNED, signature: upper }, true],
    ['base58', { ...SIGNED, signature: VECTOR.base58 }, true],
    ['the same key as a prefix-42 address', { ...SIGNED, account: VECTOR.account42 }, true],
    ['wrapped <Bytes> signature as 0x-hex', { ...SIGNED, signature: VECTOR.wrapped }, true],
    ['wrapped <Bytes> signature as plain hex', { ...SIGNED, signature: VECTOR.wrapped.slice(2) }, true],
    ['wrapped <Bytes> signature as base58', { ...SIGNED, signature: base58.encode(hex.decode(VECTOR.wrapped.slice(2))) }, false],
    ['a <Bytes> message with the signature of exactly that text', { ...SIGNED, message: `<Bytes>${VECTOR.message}</Bytes>`, signature: VECTOR.wrapped }, true],
    ['a <Bytes> message signed without the wrapping (never unwrapped)', { ...SIGNED, message: `<Bytes>${VECTOR.message}</Bytes>` }, false],
    ['one trailing extra byte (Rangeway strict)', { ...SIGNED, signature: `${VECTOR.signature}ff` }, false],
    ['a never-expiring message 123', { ...SIGNED, ...VECTOR.never }, true],
    ['a past deadline 1700000000', { ...SIGNED, message: '1700000000' }, false],
    ['message 4102444801 with the signature of 4102444800', { ...SIGNED, message: '4102444801' }, false],
    ['the prefix-11331 address of the same key', { ...SIGNED, account: VECTOR.account11331 }, false],
    ['a tampered signature (one bit flipped)', { ...SIGNED, signature: VECTOR.signature.replace(/0$/, '1') }, false],
    ['a truncated signature', { ...SIGNED, signature: VECTOR.signature.slice(0, -2) }, false],
    ['odd-length hex', { ...SIGNED, signature: VECTOR.signature.slice(0, -1) }, false],
    ['no signature', { account: VECTOR.account, message: VECTOR.message }, false],
    ['no account', { message: VECTOR.message, signature: VECTOR.signature }, false],
    ['no headers at all', {}, false],
  ];
  for (const [what, headers, ok] of table)
    it(`${ok ? 'accepts' : 'rejects'} ${what}`, async () => {
      expect(await accepted(headers)).toBe(ok);
    });

  it('checks the signature on every chunk, not only the first', async () => {
    const env = setup();
    expect((await env.put('x.bin', { ...SIGNED, ...range(0, 0, 3) }, 'a')).status).toBe(308);
    await expectEnvelope(await env.put('x.bin', { ...SIGNED, signature: VECTOR.wrapped.replace('24', '25'), ...range(1, 1, 3) }, 'b'), 403, 'no permission');
  });

  it('auth off admits any headers', async () => {
    expect(await accepted({ account: 'anyone' }, setup({ auth: 'off' }))).toBe(true);
  });
});

describe('keys generated in the test', () => {
  const seed = crypto.getRandomValues(new Uint8Array(32));
  const secret = secretFromSeed(seed);
  const account = ss58Address(getPublicKey(secret));
  const deadline = String(Math.floor(FIXED_TIME / 1000) + 3600);

  it('accept a fresh signature in every encoding, raw and wrapped', async () => {
    const raw = sign(secret, utf8.encode(deadline));
    const wrapped = sign(secret, utf8.encode(`<Bytes>${deadline}</Bytes>`));
    for (const signature of [`0x${hex.encode(raw)}`, hex.encode(raw), base58.encode(raw), `0x${hex.encode(wrapped)}`])
      expect(await accepted({ account, message: deadline, signature })).toBe(true);
    expect(await accepted({ account, message: deadline, signature: base58.encode(wrapped) })).toBe(false);
  });

  it('reject a signature by another key, over another message, or with a flipped byte', async () => {
    const other = secretFromSeed(crypto.getRandomValues(new Uint8Array(32)));
    const sig = sign(secret, utf8.encode(deadline));
    const flipped = sig.slice();
    flipped[10]! ^= 1;
    expect(await accepted({ account, message: deadline, signature: `0x${hex.encode(sign(other, utf8.encode(deadline)))}` })).toBe(false);
    expect(await accepted({ account, message: `${deadline}0`, signature: `0x${hex.encode(sig)}` })).toBe(false);
    expect(await accepted({ account, message: deadline, signature: `0x${hex.encode(flipped)}` })).toBe(false);
    // the marker bit cleared: @scure/sr25519 throws, which must count as a rejection, not a 500
    const unmarked = sig.slice();
    unmarked[63]! &= 0x7f;
    expect(await accepted({ account, message: deadline, signature: `0x${hex.encode(unmarked)}` })).toBe(false);
  });
});

describe('message deadlines with an injected clock', () => {
  const secret = secretFromSeed(new Uint8Array(32).fill(9));
  const account = ss58Address(getPublicKey(secret));
  const signed = (message: string) => ({ account, message, signature: `0x${hex.encode(sign(secret, utf8.encode(message)))}` });

  it('Unix seconds: valid while now (whole seconds) is below the deadline', async () => {
    const env = setup();
    const at = Math.floor(FIXED_TIME / 1000) + 10;
    expect(await accepted(signed(String(at)), env)).toBe(true);
    env.clock.advance(9_999);
    expect(await accepted(signed(String(at)), env)).toBe(true);
    env.clock.advance(1);
    expect(await accepted(signed(String(at)), env)).toBe(false);
  });

  it('Unix milliseconds: rejected once now reaches the deadline', async () => {
    const env = setup();
    const at = FIXED_TIME + 500;
    env.clock.advance(499);
    expect(await accepted(signed(String(at)), env)).toBe(true);
    env.clock.advance(1);
    expect(await accepted(signed(String(at)), env)).toBe(false);
  });

  it('YYYY-MM-DD HH:MM:SS is UTC and expires strictly after its instant', async () => {
    const env = setup();
    const message = '2026-01-01 00:00:05';
    env.clock.advance(5_000);
    expect(await accepted(signed(message), env)).toBe(true);
    env.clock.advance(1);
    expect(await accepted(signed(message), env)).toBe(false);
  });

  it('other messages (ISO T/Z, free text, small integers) never expire', async () => {
    const env = setup();
    env.clock.advance(100 * 365 * 86_400_000);
    for (const message of ['2026-01-01T00:00:00Z', 'hello deoss', '123', '2026-02-30 00:00:00'])
      expect(await accepted(signed(message), env)).toBe(true);
  });

  it('maxMessageLifetimeMs refuses messages without a deadline or too far ahead', async () => {
    const env = setup({ maxMessageLifetimeMs: 60_000 });
    expect(await accepted(signed('123'), env)).toBe(false);
    expect(await accepted(signed(String(FIXED_TIME + 120_000)), env)).toBe(false);
    expect(await accepted(signed(String(FIXED_TIME + 30_000)), env)).toBe(true);
  });
});

describe('the EthAcc path (§12.2)', () => {
  const eth = {
    account: VECTOR.account,
    message: VECTOR.message,
    ethacc: '0x2c7536E3605D9C16a7a3D7b1898e529396a65c23',
    signature:
      '0x07da2a183dd608097ccc864a64edcba3847a16ca21b365e45738a2fc80c628d368f0e8e63f3759ae530ba48746a3db4bfe0a3b6fc83368cda8a0c689585ed8621c',
  };

  it('accepts the vector when enabled, and refuses it when off (the default)', async () => {
    expect(await accepted(eth, setup({ ethAcc: 'on' }))).toBe(true);
    expect(await accepted(eth)).toBe(false);
  });

  it('needs the exact EIP-55 address, a valid Account, and 65 bytes (short ones answer 403, not a panic)', async () => {
    const env = setup({ ethAcc: 'on' });
    expect(await accepted({ ...eth, ethacc: eth.ethacc.toLowerCase() }, env)).toBe(false);
    expect(await accepted({ ...eth, account: VECTOR.account11331 }, env)).toBe(false);
    expect(await accepted({ ...eth, signature: '0x' }, env)).toBe(false);
    expect(await accepted({ ...eth, signature: eth.signature.slice(2) }, env)).toBe(false);
    expect(await accepted({ ...eth, signature: `${eth.signature}00` }, env)).toBe(false);
    expect(await accepted({ ...eth, message: '4102444801' }, env)).toBe(false);
  });

  it('accepts a key generated in the test, with v as 0/1 or 27/28', async () => {
    const key = secp256k1.utils.randomSecretKey();
    const address = keccak_256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12);
    const { eip55 } = await import('../src/signature');
    const body = utf8.encode(VECTOR.message);
    const digest = keccak_256(new Uint8Array([...utf8.encode(`\x19Ethereum Signed Message:\n${body.length}`), ...body]));
    const rec = secp256k1.sign(digest, key, { prehash: false, format: 'recovered' });
    const rs = hex.encode(rec.subarray(1));
    const env = setup({ ethAcc: 'on' });
    for (const v of [rec[0]!, rec[0]! + 27])
      expect(await accepted({ account: VECTOR.account, message: VECTOR.message, ethacc: eip55(address), signature: `0x${rs}${v.toString(16).padStart(2, '0')}` }, env)).toBe(true);
  });
});
