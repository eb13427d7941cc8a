import * as z from '../zod';

// The building blocks every option is made of.

/** `schema` with its --help text (describeOptions reads it back). */
export const described = <T extends z.ZodMiniType>(schema: T, text: string): T => schema.check(z.describe(text)) as T;

/** The --help text of a schema described(). */
export const descriptionOf = (schema: z.ZodMiniType): string | undefined => z.globalRegistry.get(schema)?.description;

export const bool = () =>
  z.pipe(
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])]),
    z.transform((v) => (typeof v === 'boolean' ? v : ['true', '1', 'on', 'yes'].includes(v))),
  );

/** A comma-separated list from the command line, or an array from code. */
export const list = () =>
  z.pipe(
    z.union([z.array(z.string()), z.string()]),
    z.transform((v) => (Array.isArray(v) ? v : v.split(',').map((s) => s.trim()).filter(Boolean))),
  );

/** An integer from `min` to `max`, from a string on the command line. */
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

/** A count of bytes or milliseconds. */
export const size = (min = 0) => int(min);

/** A string of at least one character. */
export const text = () => z.string().check(z.minLength(1));

/** An option that falls back to `fallback` when not given. */
export const defaulted = <T extends z.ZodMiniType>(schema: T, fallback: z.util.NoUndefined<z.output<T>>, help: string) =>
  described(z._default(schema, fallback), help);

/** An option that may be left out. */
export const optional = <T extends z.ZodMiniType>(schema: T, help: string) => described(z.optional(schema), help);
