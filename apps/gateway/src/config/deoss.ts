import { z } from 'zod';

/** `--deoss-*` options, passed to the deoss dialect. */
export const deossSchema = z.object({}).default({});
