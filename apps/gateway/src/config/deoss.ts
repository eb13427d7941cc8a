import { parseTerritory } from '@rangeway/deoss-compat';
import * as z from 'zod';
import { bool, list, size } from './schema';

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
export const deossSchema = z
  .object({
    auth: onOff().default('on').describe('identity signature check on /resume (the real gateway always checks; off for tests)'),
    territories: list()
      .refine((ts) => ts.every(isTerritory), 'each territory is name:bytes[:expiresAtIso]')
      .default([])
      .describe('territories every account holds, name:bytes[:expiresAtIso], comma-separated; none = any name, unlimited'),
    gatewayAccount: z.string().min(1).optional().describe("this gateway's SS58 account (named in authorization errors)"),
    authorizedAccounts: list()
      .default([])
      .describe('accounts that authorized this gateway (checked on the first chunk); none = every account'),
    accessMode: z.enum(['public', 'private']).default('public').describe('access list: public blocks the listed accounts, private admits only them'),
    accessAccounts: list().default([]).describe('accounts on the access list (literal Account strings)'),
    ethAcc: onOff().default('off').describe('accept EthAcc (EIP-191) signatures; unbound to Account, so off by default'),
    maxMessageLifetimeMs: size()
      .default(0)
      .describe('refuse signed messages without a deadline or with one further away than this (ms); 0 = off'),
    idleExpiryMs: size().default(604_800_000).describe('an unfinished upload expires this long after its last chunk (ms; default 7 days); 0 = never, as the real gateway'),
    bugCompatibleAppend: bool().default(false).describe("the real gateway's append-mode writes (resends duplicate data), for client testing"),
    maxFileSize: size().min(1).optional().describe('largest Content-Range total; above it "insufficient territory space" (default 1099511627776 = 1 TiB)'),
    earlyTerritoryCheck: bool().default(false).describe('also check the territory on the first chunk (the real gateway checks on the last only)'),
  })
  .prefault({});
