import { z } from 'zod';

/** `--clickhelp-*` options, passed to the clickhelp dialect. */
export const clickhelpSchema = z.object({}).default({});
