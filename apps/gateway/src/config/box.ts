import { z } from 'zod';

/** `--box-*` options, passed to the box dialect. */
export const boxSchema = z.object({}).default({});
