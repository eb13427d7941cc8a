/** PostgreSQL's SQLSTATE of an error thrown by postgres.js, if it is one. */
const codeOf = (e: unknown): string | undefined => (e as { code?: unknown } | undefined)?.code as string | undefined;

export const isUniqueViolation = (e: unknown): boolean => codeOf(e) === '23505';
