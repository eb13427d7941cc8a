/** A `<type>:<value>` checksum, as in EOS `x-upload-checksum: adler32:24d0127`. */
export type TypedChecksum = {
  /** lower-cased: the type is case-insensitive */
  readonly type: string;
  /** verbatim: whether case or leading zeros matter is the caller's comparison policy */
  readonly value: string;
};

/** Splits at the first `:`; undefined when there is none. Nothing is trimmed. */
export function parseTypedChecksum(value: string): TypedChecksum | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  return { type: value.slice(0, colon).toLowerCase(), value: value.slice(colon + 1) };
}

export function formatTypedChecksum(type: string, value: string): string {
  return `${type}:${value}`;
}

/**
 * Removes every leading `0` (EOS does this to its own value before an exact compare, so it
 * expects `adler32:f00001` for 00f00001). An all-zero value becomes the empty string.
 */
export function stripLeadingZeros(hex: string): string {
  let i = 0;
  while (i < hex.length && hex.charCodeAt(i) === 0x30) i++;
  return hex.slice(i);
}
