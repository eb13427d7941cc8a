import { z } from 'zod';

/** `--eos-*` options, passed to the eos dialect. */
export const eosSchema = z.object({}).default({});
