import type { Uploads } from '@rangeway/core';
import { Verdicts } from './verdicts';
import { AccountSet } from './accounts';

export type DeossDialectOptions = {
  readonly uploads: Uploads;
  /** origin clients use to reach the gateway; DeOSS answers carry no absolute URLs, so unused */
  readonly publicOrigin?: string | undefined;
  /** honour X-Forwarded-Proto/Host when building absolute URLs (unused, see publicOrigin) */
  readonly trustProxy?: boolean;
  /** identity signature check on /resume (`on`, the real gateway's only mode, or `off` for tests) */
  readonly auth?: 'on' | 'off';
  /** territories every account holds: `name:bytes[:expiresAtIso]`; none = any named territory, unlimited */
  readonly territories?: readonly string[];
  /** this gateway's own SS58 account (always passes the access list and authorization) */
  readonly gatewayAccount?: string | undefined;
  /** accounts that authorized this gateway (start-of-upload check); empty = every account */
  readonly authorizedAccounts?: readonly string[];
  /** access list mode: `public` blocks the listed accounts, `private` admits only them */
  readonly accessMode?: 'public' | 'private';
  readonly accessAccounts?: readonly string[];
  /** accept the EthAcc (EIP-191) signature path; off by default (it does not bind to Account) */
  readonly ethAcc?: 'on' | 'off';
  /** refuse messages whose deadline is absent or further away than this (ms); 0 = off (faithful) */
  readonly maxMessageLifetimeMs?: number;
  /** an unfinished upload expires this long after its last chunk (ms); default 7 days; 0 = never (faithful) */
  readonly idleExpiryMs?: number;
  /** the string GET /version answers */
  readonly version?: string;
  /**
   * the real gateway's O_APPEND writes: every accepted chunk is appended whatever its start, so
   * resent or overlapping chunks duplicate data and the fid covers what was stored; for testing
   * clients against the real quirks (default off: positional writes, spec §8.4)
   */
  readonly bugCompatibleAppend?: boolean;
  /** also check the territory (name, expiry, space for the declared total) on the first chunk, not only the last */
  readonly earlyTerritoryCheck?: boolean;
  /** largest file a Content-Range total may declare; default 1 TiB */
  readonly maxFileSize?: number;
  /** the real gateway's permissive CORS (default on); off when the host applies its own policy */
  readonly vendorCors?: boolean;
};

export type Territory = { readonly name: string; readonly bytes: number; readonly expiresAt: number | undefined };

export type Settings = {
  readonly uploads: Uploads;
  readonly auth: boolean;
  readonly territories: ReadonlyMap<string, Territory> | undefined;
  readonly gatewayAccount: string | undefined;
  readonly authorizedAccounts: AccountSet;
  readonly accessMode: 'public' | 'private';
  readonly accessAccounts: AccountSet;
  readonly ethAcc: boolean;
  readonly maxMessageLifetimeMs: number;
  readonly idleExpiryMs: number;
  readonly version: string;
  readonly bugCompatibleAppend: boolean;
  readonly earlyTerritoryCheck: boolean;
  readonly maxFileSize: number;
  /** recent signature verdicts (see Verdicts) */
  readonly verdicts: Verdicts;
};

export const DEFAULT_VERSION = 'deoss v0.4.2 rangeway';

const TERRITORY = /^([^:]+):(\d{1,16})(?::(.+))?$/;

export function parseTerritory(text: string): Territory {
  const m = TERRITORY.exec(text.trim());
  const bytes = m ? Number(m[2]) : Number.NaN;
  const expiresAt = m?.[3] === undefined ? undefined : Date.parse(m[3]);
  if (!m || !Number.isSafeInteger(bytes) || Number.isNaN(expiresAt))
    throw new TypeError(`deoss: territory must be name:bytes[:expiresAtIso], got ${JSON.stringify(text)}`);
  return { name: m[1]!, bytes, expiresAt };
}

function nonNegative(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`deoss: ${name} must be a non-negative integer, got ${v}`);
  return v;
}

export function settingsOf(o: DeossDialectOptions): Settings {
  const territories = (o.territories ?? []).map(parseTerritory);
  return {
    uploads: o.uploads,
    auth: (o.auth ?? 'on') === 'on',
    territories: territories.length === 0 ? undefined : new Map(territories.map((t) => [t.name, t])),
    gatewayAccount: o.gatewayAccount || undefined,
    authorizedAccounts: new AccountSet(o.authorizedAccounts ?? []),
    accessMode: o.accessMode ?? 'public',
    accessAccounts: new AccountSet(o.accessAccounts ?? []),
    ethAcc: o.ethAcc === 'on',
    maxMessageLifetimeMs: nonNegative('maxMessageLifetimeMs', o.maxMessageLifetimeMs),
    idleExpiryMs: nonNegative('idleExpiryMs', o.idleExpiryMs ?? 7 * 24 * 3600_000),
    version: o.version ?? DEFAULT_VERSION,
    bugCompatibleAppend: o.bugCompatibleAppend ?? false,
    earlyTerritoryCheck: o.earlyTerritoryCheck ?? false,
    maxFileSize: o.maxFileSize ?? 2 ** 40,
    verdicts: new Verdicts(),
  };
}
