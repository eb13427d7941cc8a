import { BoxError } from './box-error';
import type { BoxSettings } from './options';
import { NAMESPACE } from './sessions';

/**
 * The account's storage quota (`quotaBytes`): a file that would take the committed files past it
 * is refused with Box's 403 storage_limit_exceeded, at create (Box's preflight), at commit and on
 * a one-request upload. A new version counts only what it adds to the file it replaces. The
 * files are summed on each check: fine for a test target and modest catalogs.
 */
export async function checkQuota(s: BoxSettings, size: number, replacing?: { readonly size: number }): Promise<void> {
  if (s.quotaBytes === 0) return;
  let used = 0;
  for await (const file of s.uploads.storage.files.list(NAMESPACE)) used += file.size;
  if (used - (replacing?.size ?? 0) + size > s.quotaBytes)
    throw new BoxError(403, 'storage_limit_exceeded', 'Account storage limit reached');
}
