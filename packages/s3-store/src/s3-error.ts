/** An S3 answer that is not a success: the HTTP status and S3's error code (e.g. EntityTooSmall). */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${code} (${status}): ${message}`);
    this.name = 'S3Error';
  }
}
