/**
 * DeOSS answers (almost) everything with HTTP 200 and `{"code":…,"msg":"…","data":…}`, serialized
 * by Go encoding/json: compact, fields in this order, and `<`, `>`, `&`, U+2028, U+2029 escaped.
 */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** A failure in DeOSS's envelope; `code` is the meaningful status (the HTTP status stays 200). */
export class DeossError extends Error {
  constructor(
    readonly code: 400 | 403 | 404 | 416 | 500,
    readonly msg: string,
  ) {
    super(msg);
  }
}

/** JSON.stringify with Go's HTML-safe escaping. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function envelope(code: number, msg: string, data: unknown = null): string {
  return goJson({ code, msg, data });
}

export const MSG = {
  ok: 'ok',
  noPermission: 'no permission',
  systemError: 'system error',
  missingRange: 'Content-Range is missing from the request header',
  illegalRange: 'Illegal Content-Range content',
  serverBusy: 'server busy',
  emptyName: 'Empty file name',
  nameTooLong: 'The file name length cannot exceed 63 characters',
  nameTooShort: 'The file name must be at least 3 characters long',
  notAuthorized: 'space is not authorized',
  authorizeGateway: 'Please authorize this gateway account: ',
  receiveFailed: 'Failed to receive data',
  moreContent: 'received more file content',
  lessContent: 'received less file content',
  noTerritory: 'please purchase territory first',
  territoryExpiring: 'territory will expire soon',
  noSpace: 'insufficient territory space',
  notFound: 'Not found',
  notOnChain: 'The file has not been uploaded to the chain yet, please go to the gateway where the file was uploaded to query.',
  rangeEnd: 'invalid range end',
  rangeValue: 'invalid range value',
} as const;

export const noPermission = () => new DeossError(403, MSG.noPermission);
export const illegalRange = () => new DeossError(400, MSG.illegalRange);
export const systemError = () => new DeossError(500, MSG.systemError);
