import { EosHttpError } from './errors';

/** EOS's answer while the gateway is shutting down (EOS's own: 503 `Unable to stall`-style text). */
export function eosUnavailable(retryAfterSeconds: number): Response {
  return new EosHttpError(503, 'Service Unavailable - retry later\n', { 'retry-after': String(retryAfterSeconds) }).toResponse();
}
