import type { Uploads } from '@rangeway/core';

/** A directory's checksum layout (EOS `sys.forced.checksum`): what the final piece is verified with. */
export type ChecksumLayout = 'adler' | 'md5' | 'none';

export type EosDialectOptions = {
  readonly uploads: Uploads;
  /** origin clients use to reach the gateway (redirect Locations); default: the request origin */
  readonly publicOrigin?: string | undefined;
  readonly trustProxy?: boolean;
  /** layout of every directory without its own rule (default adler, as production EOS) */
  readonly checksum?: ChecksumLayout;
  /** per-directory layouts, `/eos/dir/=md5`: the longest matching prefix wins */
  readonly checksumDirs?: readonly string[];
  /** accept the zero-padded and upper-case forms of a checksum (EOS itself does not) */
  readonly lenientChecksum?: boolean;
  /** answer PUT/GET with 307 to a data URL first, as the EOS namespace server does */
  readonly redirect?: boolean;
  /** bearer tokens; when any is set, requests without one get 403 (EOS maps denial to 403) */
  readonly tokens?: readonly string[];
  /** body of the 412 checksum answer: empty (released EOS up to 5.4.11) or text (current master) */
  readonly checksumErrorBody?: 'empty' | 'text';
  /** keep the file when a piece is refused (EOS deletes it, and so do we by default) */
  readonly keepOnError?: boolean;
  /**
   * Reproduce two EOS quirks (spec §4.6, §5.3): a range without `x-upload-totalsize` is not
   * decoded, its body goes to offset 0 as a complete upload; and a final piece at offset 0 that
   * is shorter than the file is checked against its own checksum only (so it gets 412).
   */
  readonly bugCompatible?: boolean;
  /** largest file a piece may declare or reach (`x-upload-totalsize`, range end); default 1 TiB */
  readonly maxFileSize?: number;
  /** an unfinished file (no final piece yet) is removed this long after its last piece; default 7 days; 0 = never */
  readonly idleExpiryMs?: number;
  /** make missing parent directories on PUT (EOS answers 409 instead, and so do we by default) */
  readonly createParents?: boolean;
};

export type ResolvedOptions = Required<Omit<EosDialectOptions, 'publicOrigin'>> & { publicOrigin?: string | undefined };

export function resolveOptions(o: EosDialectOptions): ResolvedOptions {
  return {
    uploads: o.uploads,
    publicOrigin: o.publicOrigin,
    trustProxy: o.trustProxy ?? false,
    checksum: o.checksum ?? 'adler',
    checksumDirs: o.checksumDirs ?? [],
    lenientChecksum: o.lenientChecksum ?? false,
    redirect: o.redirect ?? false,
    tokens: o.tokens ?? [],
    checksumErrorBody: o.checksumErrorBody ?? 'empty',
    keepOnError: o.keepOnError ?? false,
    bugCompatible: o.bugCompatible ?? false,
    maxFileSize: o.maxFileSize ?? 2 ** 40,
    idleExpiryMs: o.idleExpiryMs ?? 7 * 24 * 3600_000,
    createParents: o.createParents ?? false,
  };
}

/** The layout for a path: the longest `prefix=layout` rule that matches, else the default. */
export function layoutFor(path: string, o: ResolvedOptions): ChecksumLayout {
  let best: { len: number; layout: ChecksumLayout } | undefined;
  for (const rule of o.checksumDirs) {
    const eq = rule.lastIndexOf('=');
    const prefix = rule.slice(0, eq);
    const layout = rule.slice(eq + 1) as ChecksumLayout;
    if (path.startsWith(prefix) && (!best || prefix.length > best.len)) best = { len: prefix.length, layout };
  }
  return best?.layout ?? o.checksum;
}
