import { JSON_TYPE, envelope } from './envelope';

/** DeOSS's envelope while the gateway is shutting down, on an HTTP 503 with Retry-After. */
export function deossUnavailable(retryAfterSeconds: number): Response {
  return new Response(envelope(503, 'server is restarting, retry later'), {
    status: 503,
    headers: { 'content-type': JSON_TYPE, 'retry-after': String(retryAfterSeconds) },
  });
}
