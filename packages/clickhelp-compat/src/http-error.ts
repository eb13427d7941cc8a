/**
 * An answer in ClickHelp's error shape: a documented status (400/401/403/404/409/500/501) and
 * `{"message": "..."}`. The message is one human sentence, never a storage path or stack.
 */
export class ClickhelpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 500 | 501,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export const badRequest = (message: string) => new ClickhelpError(400, message);
export const notFound = (message: string) => new ClickhelpError(404, message);
export const conflict = (message: string) => new ClickhelpError(409, message);
