import { en } from 'zod/locales';
import { config } from 'zod/mini';

// zod/mini: the same checks and messages as zod's chained API, without its methods on every schema
// (zod took ~25 ms less of every start this way). Its English messages are opt-in: everything here
// that validates imports zod from this module, so they are on wherever a schema is.
config(en());

export * from 'zod/mini';
// what a parse throws (z.core, as a namespace, would bring every locale into the bundle)
export { $ZodError } from 'zod/v4/core';
