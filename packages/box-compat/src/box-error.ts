/** A Box API error: `{type:"error", status, code, message, context_info, help_url, request_id}`. */
export class BoxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly contextInfo: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const HELP_URL = 'http://developers.box.com/docs/#errors';

export function errorBody(e: BoxError, requestId: string) {
  return {
    type: 'error',
    status: e.status,
    code: e.code,
    message: e.message,
    context_info: e.contextInfo,
    help_url: HELP_URL,
    request_id: requestId,
  };
}

/** A file larger than the dialect takes: Box's 413. */
export const fileTooLarge = (max: number) => new BoxError(413, 'file_size_limit_exceeded', `File size exceeds the maximum file size of ${max} bytes`);

/** An upload session past its `session_expires_at`: Box's 410. */
export const sessionExpired = () => new BoxError(410, 'session_expired', 'The upload session has expired');

export const notFound = (what = 'upload session') => new BoxError(404, 'not_found', `Could not find the specified resource: ${what}`);
