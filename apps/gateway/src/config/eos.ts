import * as z from '../zod';
import { bool, list, optional, size } from './options';

/** `--eos-*` options, passed to the EOS dialect (see packages/eos-compat/README.md). */
export const eosSchema = z._default(
  z.object({
    checksum: optional(z.enum(['adler', 'md5', 'none']), 'checksum layout of directories without a rule (default adler)'),
    checksumDirs: optional(
      list().check(z.refine((v) => v.every((r) => /^\/eos\/.*=(adler|md5|none)$/.test(r)), 'rules look like /eos/dir/=md5')),
      'per-directory layouts, comma-separated /eos/dir/=adler|md5|none',
    ),
    lenientChecksum: optional(bool(), 'accept zero-padded / upper-case checksums (EOS does not)'),
    redirect: optional(bool(), 'answer PUT/GET with 307 to a data URL first, like the EOS namespace server'),
    tokens: optional(list(), 'bearer tokens; when set, requests without one get 403'),
    checksumErrorBody: optional(z.enum(['empty', 'text']), '412 body: empty (EOS <= 5.4.11) or text (master)'),
    keepOnError: optional(bool(), 'keep the file when a piece is refused (EOS deletes it)'),
    bugCompatible: optional(
      bool(),
      'reproduce EOS quirks: a range without x-upload-totalsize writes at offset 0; a final piece at offset 0 is checked alone',
    ),
    idleExpiryMs: optional(size(), 'an unfinished file (no final piece yet) is removed this long after its last piece, in ms (default 7 days); 0 = never, as EOS'),
    createParents: optional(bool(), 'make missing parent directories on PUT (EOS answers 409 No such file or directory; default off)'),
    maxFileSize: optional(size(1), 'largest x-upload-totalsize or range end a piece may reach; above it 413 (default 1099511627776 = 1 TiB)'),
  }),
  {},
);
