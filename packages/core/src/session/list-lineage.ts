/**
 * Which list a new copy-on-write list was made from, and how many of its leading items it kept
 * as they were. A durable store journals only what changed between two versions of a session; for
 * a part list of thousands it would otherwise compare them item by item on every write (~10 ns an
 * item on a slow VM: at 10,000 parts nearly as much as the rest of the write).
 */
const lineage = new WeakMap<readonly unknown[], { readonly from: number; readonly kept: number }>();
/**
 * Lists are named by number in `lineage`, never held: a list holding the one it was made from
 * would keep every earlier version of a session's parts alive.
 */
const names = new WeakMap<readonly unknown[], number>();
let lastName = 0;

function nameOf(list: readonly unknown[]): number {
  let name = names.get(list);
  if (name === undefined) names.set(list, (name = ++lastName));
  return name;
}

/** Records that `next` was made from `from` and its first `kept` items are `from`'s, unchanged. */
export function derivedList<T>(next: readonly T[], from: readonly T[], kept: number): readonly T[] {
  lineage.set(next, { from: nameOf(from), kept });
  return next;
}

/**
 * How many leading items `after` shares with `before`, if `after` was made from `before` and said
 * so (derivedList); undefined when that is not known, and the caller must compare.
 */
export function knownSharedPrefix(before: readonly unknown[], after: readonly unknown[]): number | undefined {
  const known = lineage.get(after);
  return known !== undefined && known.from === names.get(before) ? known.kept : undefined;
}
