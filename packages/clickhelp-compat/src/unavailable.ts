import { JSON_TYPE } from './http-error';

/** ClickHelp's error shape while the gateway is shutting down: 503 with Retry-After. */
export function clickhelpUnavailable(retryAfterSeconds: number): Response {
  return new Response(JSON.stringify({ message: 'The service is restarting; retry shortly.' }), {
    status: 503,
    headers: { 'content-type': JSON_TYPE, 'retry-after': String(retryAfterSeconds) },
  });
}
