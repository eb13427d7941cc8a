import * as z from '../zod';

/** A validation error as one readable line: `where: what` for each issue, `;`-separated. */
export function oneLine(e: unknown): string {
  if (!(e instanceof z.$ZodError)) return e instanceof Error ? e.message : String(e);
  return e.issues
    .map((i) => {
      const where = i.path.map(String).join('.');
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join('; ');
}
