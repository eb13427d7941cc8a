import { stripLeadingZeros } from '@rangeway/core';
import type { ChecksumLayout } from './options';

/** The core digest behind a layout. */
export const LAYOUT_ALGORITHM = { adler: 'adler32', md5: 'md5' } as const;

/**
 * EOS's comparison (spec §5.4): leading zeros are stripped from the server's own value only, then
 * the strings must be equal, so `adler32:024d0127` fails where `adler32:24d0127` passes. The
 * lenient mode also forgives zero padding and upper case on the client's side.
 */
export function checksumMatches(serverHex: string, clientValue: string, lenient: boolean): boolean {
  if (clientValue === '') return false;
  const server = stripLeadingZeros(serverHex);
  return lenient ? server === stripLeadingZeros(clientValue.toLowerCase()) : server === clientValue;
}

/** ETag as EOS forms it: `"<inode>:<checksum>"`, `"<md5>"` for MD5 layouts, `"<inode>:<mtime>"` without one. */
export function etagOf(layout: ChecksumLayout, inode: string, checksumHex: string | undefined, mtimeSec: number): string {
  if (layout === 'md5' && checksumHex) return `"${checksumHex}"`;
  if (layout === 'adler' && checksumHex) return `"${inode}:${checksumHex}"`;
  return `"${inode}:${mtimeSec}"`;
}
