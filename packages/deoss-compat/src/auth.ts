import type { Context } from 'hono';
import { sameAccount } from './accounts';
import { noPermission } from './envelope';
import { deadlineOf } from './message-time';
import type { Settings } from './options';
import { publicKeyOf } from './ss58';

const MAX_HEADER = 1024;

/**
 * The signature checks, loaded on first use: sr25519 and secp256k1 are about 40 modules, 50 ms
 * of every start of the gateway, DeOSS in use or not.
 */
let signatureChecks: Promise<typeof import('./signature')> | undefined;
const loadSignatureChecks = () => (signatureChecks ??= import('./signature'));

/** The first value of a header that may have been repeated (Go's Header.Get); Node joins with ", ". */
function first(c: Context, name: string): string {
  const v = c.req.header(name) ?? '';
  const comma = v.indexOf(',');
  return (comma < 0 ? v : v.slice(0, comma)).trim();
}

/**
 * The signature and access-list middleware of /resume, run on every chunk: returns the caller's
 * Account string, or throws the `no permission` envelope. Expired, malformed and forged
 * credentials are indistinguishable, as on the real gateway.
 */
export async function authenticate(c: Context, s: Settings): Promise<string> {
  const account = first(c, 'account');
  if (!s.auth) return account;
  const message = (c.req.header('message') ?? '').trim();
  const signature = first(c, 'signature');
  if (message.length > MAX_HEADER || signature.length > MAX_HEADER) throw noPermission();
  const now = s.uploads.clock.now();
  const deadline = deadlineOf(message, now);
  if (deadline?.expired) throw noPermission();
  if (s.maxMessageLifetimeMs > 0 && (!deadline || deadline.atMs - now > s.maxMessageLifetimeMs)) throw noPermission();

  const { verifyEthereum, verifySr25519 } = await loadSignatureChecks();
  const ethAcc = first(c, 'ethacc');
  const seen = (verify: () => boolean) => s.verdicts.check(`${account}\n${ethAcc}\n${message}\n${signature}`, verify);
  if (ethAcc !== '') {
    if (!s.ethAcc || !seen(() => verifyEthereum(message, signature, ethAcc))) throw noPermission();
    if (!publicKeyOf(account)) throw noPermission();
  } else {
    const key = publicKeyOf(account);
    if (!key || !seen(() => verifySr25519(message, signature, key))) throw noPermission();
  }
  if (!admitted(s, account)) throw noPermission();
  return account;
}

/** The access list: the gateway's own account always passes; public blocks, private admits the listed. */
function admitted(s: Settings, account: string): boolean {
  if (sameAccount(account, s.gatewayAccount)) return true;
  const listed = s.accessAccounts.has(account);
  return s.accessMode === 'public' ? !listed : listed;
}
