import { HELP_URL } from './box-error';

/** Box's answer while the gateway is shutting down: 503 with Retry-After, which its SDKs retry. */
export function boxUnavailable(retryAfterSeconds: number): Response {
  const body = { type: 'error', status: 503, code: 'unavailable', message: 'The service is restarting; retry shortly', context_info: null, help_url: HELP_URL, request_id: '' };
  return Response.json(body, { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } });
}
