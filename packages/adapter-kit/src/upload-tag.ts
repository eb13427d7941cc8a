import type { Context } from 'hono';

const KEY = 'rangewayUploadId';

/** Names the upload session a request worked on, so the host's request log can show it. */
export function noteUpload(c: Context, sessionId: string): void {
  (c as Context<{ Variables: Record<typeof KEY, string> }>).set(KEY, sessionId);
}

/** The upload session a dialect named for this request, if any. */
export function notedUpload(c: Context): string | undefined {
  return (c as Context<{ Variables: Record<typeof KEY, string | undefined> }>).get(KEY);
}
