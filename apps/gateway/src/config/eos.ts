import * as z from 'zod';
import { bool, list, size } from './schema';

/** `--eos-*` options, passed to the EOS dialect (see packages/eos-compat/README.md). */
export const eosSchema = z
  .object({
    checksum: z.enum(['adler', 'md5', 'none']).optional().describe('checksum layout of directories without a rule (default adler)'),
    checksumDirs: list()
      .optional()
      .refine((v) => !v || v.every((r) => /^\/eos\/.*=(adler|md5|none)$/.test(r)), 'rules look like /eos/dir/=md5')
      .describe('per-directory layouts, comma-separated /eos/dir/=adler|md5|none'),
    lenientChecksum: bool().optional().describe('accept zero-padded / upper-case checksums (EOS does not)'),
    redirect: bool().optional().describe('answer PUT/GET with 307 to a data URL first, like the EOS namespace server'),
    tokens: list().optional().describe('bearer tokens; when set, requests without one get 403'),
    checksumErrorBody: z.enum(['empty', 'text']).optional().describe('412 body: empty (EOS <= 5.4.11) or text (master)'),
    keepOnError: bool().optional().describe('keep the file when a piece is refused (EOS deletes it)'),
    bugCompatible: bool()
      .optional()
      .describe('reproduce EOS quirks: a range without x-upload-totalsize writes at offset 0; a final piece at offset 0 is checked alone'),
    idleExpiryMs: size().optional().describe('an unfinished file (no final piece yet) is removed this long after its last piece, in ms (default 7 days); 0 = never, as EOS'),
    createParents: bool().optional().describe('make missing parent directories on PUT (EOS answers 409 No such file or directory; default off)'),
    maxFileSize: size().min(1).optional().describe('largest x-upload-totalsize or range end a piece may reach; above it 413 (default 1099511627776 = 1 TiB)'),
  })
  .default({});
