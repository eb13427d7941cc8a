/**
 * An EOS answer that is not a success. EOS error bodies are short text lines sent as text/html
 * (its error builder's content type), e.g. `Illegal Range request\n`.
 */
export class EosHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string | null,
    readonly headers: Record<string, string> = {},
  ) {
    super(body ?? `HTTP ${status}`);
  }

  toResponse(head = false): Response {
    const headers: Record<string, string> = { ...this.headers };
    if (this.body !== null) {
      headers['content-type'] = 'text/html';
      headers['content-length'] = String(new TextEncoder().encode(this.body).length);
    } else headers['content-length'] = '0';
    return new Response(head || this.body === null ? null : this.body, { status: this.status, headers });
  }
}

export const ILLEGAL_RANGE = () => new EosHttpError(416, 'Illegal Range request\n');
export const LENGTH_MISMATCH = () => new EosHttpError(416, 'Illegal Range request - not matching content length\n');
export const WRITE_ERROR = () => new EosHttpError(500, 'Write error occured\n'); // (sic), as EOS

/** EOS's text for a path that does not exist (errno ENOENT), on 404 and on the 409 of a missing parent. */
export const NO_SUCH = 'No such file or directory\n';
