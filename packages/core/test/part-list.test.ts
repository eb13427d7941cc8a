import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PartRecord, SharedPartList } from '../src/index';

const rec = (start: number, end = start + 1, id = `p${start}-${end}`): PartRecord =>
  Object.freeze({ id, start, end, digests: Object.freeze({ sha1: id }), receivedAt: 0 });

/** The list as an array would hold it: a record goes after every record starting at or before it. */
function modelInsert(list: PartRecord[], part: PartRecord): PartRecord[] {
  let i = list.length;
  while (i > 0 && list[i - 1]!.start > part.start) i--;
  return [...list.slice(0, i), part, ...list.slice(i)];
}

type Op = { kind: 'insert'; start: number; len: number } | { kind: 'replace'; pick: number } | { kind: 'drop'; from: number; to: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('insert' as const), start: fc.nat(3_000), len: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), from: fc.nat(3_000), to: fc.nat(3_000) }) },
);

describe('SharedPartList', () => {
  it('holds what a sorted array would, through inserts, replacements and removals, and never changes an earlier version', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 700 }), (ops) => {
        let list = SharedPartList.empty;
        let model: PartRecord[] = [];
        const versions: [SharedPartList, PartRecord[]][] = [];
        for (const o of ops) {
          const before = list;
          if (o.kind === 'insert') {
            const r = rec(o.start, o.start + o.len);
            [list, model] = [list.inserted(r), modelInsert(model, r)];
          } else if (o.kind === 'replace' && model.length > 0) {
            const old = list.at(o.pick % model.length)!;
            const next = rec(old.start, old.end + 1, `${old.id}+`);
            list = list.replaced(old, next);
            model = model.map((p) => (p === old ? next : p));
          } else if (o.kind === 'drop') {
            const drop = (p: PartRecord) => p.start >= Math.min(o.from, o.to) && p.start < Math.max(o.from, o.to);
            [list, model] = [list.without(drop), model.filter((p) => !drop(p))];
          }
          versions.push([list, [...model]]);
          // what a journal writes: the records past the shared prefix turn `before` into `list`
          const kept = SharedPartList.sharedPrefix(before, list);
          expect([...before].slice(0, kept)).toEqual([...list].slice(0, kept));
          if (kept < Math.min(before.length, list.length)) expect(before.at(kept)).not.toBe(list.at(kept));
        }
        expect(list.toJSON()).toEqual(model);
        for (const [from, to] of [[0, undefined], [3, 200], [-5, undefined], [130, -2], [400, 10]] as const)
          expect(list.slice(from, to)).toEqual(model.slice(from, to));
        expect(list.length).toBe(model.length);
        for (const [v, m] of versions) expect(v.map((p) => p.id)).toEqual(m.map((p) => p.id));
      }),
      { numRuns: 60 },
    );
  });

  it('finds the record of an exact interval among many sharing its start, across chunk boundaries', () => {
    let list = SharedPartList.empty;
    for (let i = 0; i < 300; i++) list = list.inserted(rec(100, 101 + i));
    for (let i = 0; i < 300; i++) list = list.inserted(rec(i < 150 ? 50 : 200));
    expect(list.exact(100, 101)?.end).toBe(101);
    expect(list.exact(100, 400)?.end).toBe(400);
    expect(list.exact(100, 401)).toBeUndefined();
    expect(list.exact(50, 51)).toBeDefined();
    expect(list.exact(75, 76)).toBeUndefined();
    expect(list.at(-1)!.start).toBe(200);
    expect(list.at(600)).toBeUndefined();
  });

  it('keeps records and lists frozen, copying a record given unfrozen', () => {
    const given = { ...rec(0), digests: { sha1: 'x' } };
    const list = SharedPartList.from([given]).inserted(rec(1));
    expect(Object.isFrozen(list) && Object.isFrozen(list.at(0)) && Object.isFrozen(list.at(0)!.digests)).toBe(true);
    expect(Object.isFrozen(given)).toBe(false);
    expect(list.at(0)).toEqual(given);
  });

  it('shares every record of the version it came from when a part is appended to thousands', () => {
    let list = SharedPartList.empty;
    for (let i = 0; i < 5_000; i++) list = list.inserted(rec(i));
    const next = list.inserted(rec(5_000));
    expect(SharedPartList.sharedPrefix(list, next)).toBe(5_000);
    expect(SharedPartList.sharedPrefix(list.toJSON(), next)).toBe(5_000);
    const between = next.inserted(rec(2_500, 2_501, 'late'));
    expect(SharedPartList.sharedPrefix(next, between)).toBe(2_501);
    expect(between.at(2_501)!.id).toBe('late');
  });
});
