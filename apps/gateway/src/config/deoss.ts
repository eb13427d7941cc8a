import { parseTerritory } from '@rangeway/deoss-compat';
import * as z from '../zod';
import { bool, defaulted, list, optional, size, text } from './options';

const onOff = () => z.enum(['on', 'off']);
const isTerritory = (t: string) => {
  try {
    parseTerritory(t);
    return true;
  } catch {
    return false;
  }
};

/** `--deoss-*` options, passed to the deoss dialect. */
export const deossSchema = z.prefault(
  z.object({
    auth: defaulted(onOff(), 'on', 'identity signature check on /resume (the real gateway always checks; off for tests)'),
    territories: defaulted(
      list().check(z.refine((ts) => ts.every(isTerritory), 'each territory is name:bytes[:expiresAtIso]')),
      [],
      'territories every account holds, name:bytes[:expiresAtIso], comma-separated; none = any name, unlimited',
    ),
    gatewayAccount: optional(text(), "this gateway's SS58 account (named in authorization errors)"),
    authorizedAccounts: defaulted(list(), [], 'accounts that authorized this gateway (checked on the first chunk); none = every account'),
    accessMode: defaulted(z.enum(['public', 'private']), 'public', 'access list: public blocks the listed accounts, private admits only them'),
    accessAccounts: defaulted(list(), [], 'accounts on the access list (literal Account strings)'),
    ethAcc: defaulted(onOff(), 'off', 'accept EthAcc (EIP-191) signatures; unbound to Account, so off by default'),
    maxMessageLifetimeMs: defaulted(size(), 0, 'refuse signed messages without a deadline or with one further away than this (ms); 0 = off'),
    idleExpiryMs: defaulted(
      size(),
      604_800_000,
      'an unfinished upload expires this long after its last chunk (ms; default 7 days); 0 = never, as the real gateway',
    ),
    bugCompatibleAppend: defaulted(bool(), false, "the real gateway's append-mode writes (resends duplicate data), for client testing"),
    maxFileSize: optional(size(1), 'largest Content-Range total; above it "insufficient territory space" (default 1099511627776 = 1 TiB)'),
    earlyTerritoryCheck: defaulted(bool(), false, 'also check the territory on the first chunk (the real gateway checks on the last only)'),
  }),
  {},
);
