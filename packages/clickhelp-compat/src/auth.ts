import { ClickhelpError } from './http-error';

export type User = { readonly login: string; readonly apiKey: string; readonly readOnly: boolean };
export type Caller = { readonly login: string; readonly readOnly: boolean };

/** Login when auth is off and the client sent none (the ClickHelp sample's `modifiedBy`). */
export const ANONYMOUS_LOGIN = 'admin';
const CHALLENGE = { 'www-authenticate': 'Basic realm="ClickHelp"' };

/** Parses `login:apiKey[:ro]`; the login cannot hold ':' (Basic auth forbids it). */
export function parseUser(entry: string): User {
  const colon = entry.indexOf(':');
  const login = entry.slice(0, colon);
  let apiKey = entry.slice(colon + 1);
  const readOnly = apiKey.endsWith(':ro');
  if (readOnly) apiKey = apiKey.slice(0, -3);
  if (colon < 1 || apiKey.length === 0) throw new TypeError('clickhelp: a user is "login:apiKey" or "login:apiKey:ro"');
  return { login, apiKey, readOnly };
}

/** `Authorization: Basic …` as login + password, or undefined when absent or malformed. */
function basicCredentials(header: string | undefined): { login: string; password: string } | undefined {
  if (!header || header.length > 4096) return undefined;
  const m = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!m) return undefined;
  let text: string;
  try {
    const bin = atob(m[1]!);
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { login: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Compares without an early exit, so the time taken does not reveal how much of a key matched. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i % Math.max(a.length, 1)) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Who is calling. With no users configured auth is off: anyone may call, and the login sent
 * (if any) only names the modifier. Otherwise a wrong, missing or malformed header is a 401.
 */
export function authenticate(users: readonly User[], header: string | undefined): Caller {
  const sent = basicCredentials(header);
  if (users.length === 0) return { login: sent?.login || ANONYMOUS_LOGIN, readOnly: false };
  if (!sent) throw new ClickhelpError(401, 'Authentication is required: send the login and API key with Basic auth.', CHALLENGE);
  let match: User | undefined;
  for (const u of users) if (u.login === sent.login && sameSecret(sent.password, u.apiKey)) match = u;
  if (!match) throw new ClickhelpError(401, 'The login or API key is wrong.', CHALLENGE);
  return { login: match.login, readOnly: match.readOnly };
}

export function requireWriter(caller: Caller): void {
  if (caller.readOnly) throw new ClickhelpError(403, `User ${caller.login} may not change the storage.`);
}
