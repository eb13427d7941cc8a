import { requestOrigin } from '@rangeway/adapter-kit';
import { toHex } from '@rangeway/core';
import type { Context } from 'hono';
import { notFound } from './box-error';
import type { BoxSettings } from './options';

/** How long a download URL works, as Box's dl.boxcloud.com links (about 15 minutes). */
const TICKET_SECONDS = 15 * 60;

/**
 * Box's download: `GET /files/{id}/content` answers **302 Found** with a `Location` to a short-lived
 * URL that serves the bytes without the bearer token (Box's `dl.boxcloud.com/d/1/…/download`).
 * Here that URL is `{base}/files/{id}/content/{ticket}`, where the ticket names one version of the
 * file and an expiry, signed with a key made from the configured tokens: it cannot be forged or
 * reused for a newer version, and it dies when the tokens change.
 */
export async function redirectToDownload(c: Context, s: BoxSettings, base: string, fileId: string, blobKey: string): Promise<Response> {
  const expires = Math.floor(s.uploads.clock.now() / 1000) + TICKET_SECONDS;
  const ticket = `${expires}.${await sign(s, `${fileId}\n${blobKey}\n${expires}`)}`;
  const location = `${requestOrigin(c, s)}${base}/files/${encodeURIComponent(fileId)}/content/${ticket}`;
  return c.body(null, 302, { location });
}

/** Checks a download URL's ticket against the file's current version; Box's 404 when it does not hold. */
export async function checkTicket(s: BoxSettings, ticket: string, fileId: string, blobKey: string): Promise<void> {
  const m = /^(\d{1,12})\.([0-9a-f]{64})$/.exec(ticket);
  if (!m || Number(m[1]) * 1000 < s.uploads.clock.now()) throw notFound('file');
  const expected = await sign(s, `${fileId}\n${blobKey}\n${m[1]}`);
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ m[2]!.charCodeAt(i);
  if (diff !== 0) throw notFound('file');
}

const keys = new WeakMap<BoxSettings, Promise<CryptoKey>>();

async function sign(s: BoxSettings, message: string): Promise<string> {
  let key = keys.get(s);
  if (!key) {
    const material = new TextEncoder().encode(`rangeway box download\n${s.tokens.join('\n')}`);
    key = crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(s, key);
  }
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(message))));
}
