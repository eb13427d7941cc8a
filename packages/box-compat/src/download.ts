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
 * Here that URL is `{base}/files/{id}/content/download?expires=…&sig=…`: the signature covers one
 * version of the file and the expiry, with a key made from the configured tokens, so it cannot be
 * forged or reused for a newer version, and it dies when the tokens change. It travels in the
 * query, which request logs never show.
 */
export async function redirectToDownload(c: Context, s: BoxSettings, base: string, fileId: string, blobKey: string): Promise<Response> {
  const expires = Math.floor(s.uploads.clock.now() / 1000) + TICKET_SECONDS;
  const sig = await sign(s, `${fileId}\n${blobKey}\n${expires}`);
  const location = `${requestOrigin(c, s)}${base}/files/${encodeURIComponent(fileId)}/content/download?expires=${expires}&sig=${sig}`;
  return c.body(null, 302, { location });
}

/** Checks a download URL's signature against the file's current version; Box's 404 when it does not hold. */
export async function checkTicket(c: Context, s: BoxSettings, fileId: string, blobKey: string): Promise<void> {
  const expires = c.req.query('expires') ?? '';
  const sig = c.req.query('sig') ?? '';
  if (!/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig) || Number(expires) * 1000 < s.uploads.clock.now()) throw notFound('file');
  const expected = await sign(s, `${fileId}\n${blobKey}\n${expires}`);
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ sig.charCodeAt(i);
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
