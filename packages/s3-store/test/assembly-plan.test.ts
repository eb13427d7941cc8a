import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Extent, type PartRules, type Piece, S3_RULES, layout, planAssembly } from '../src/index';

const MiB = 1024 * 1024;
// small rules keep the arrays small; the planner only sees numbers
const RULES: PartRules = { minPart: 5 * 1000, maxPart: 5 * 1000 * 1000, maxParts: 10_000, equalParts: false };

/** Random extents over a file: sizes from tiny to many minimum parts, overlaps and holes. */
const extentsArb = (rules: PartRules) =>
  fc
    .array(
      fc.record({ start: fc.nat({ max: 40 * rules.minPart }), length: fc.integer({ min: 1, max: 6 * rules.minPart }) }),
      { minLength: 0, maxLength: 40 },
    )
    .map((list) => list.map((x, seq): Extent => ({ seq, start: x.start, end: x.start + x.length, object: `o${seq}`, offset: 0 })));

function checkPlan(pieces: Piece[], size: number, rules: PartRules) {
  const plan = planAssembly(pieces, size, rules);
  if (plan.kind === 'single') {
    expect(size).toBeLessThan(rules.minPart);
    return { uploaded: size, parts: 1 };
  }
  const { parts } = plan;
  // covers [0, size) exactly, in order
  expect(parts[0]!.start).toBe(0);
  expect(parts.at(-1)!.end).toBe(size);
  parts.forEach((p, i) => {
    expect(p.end).toBeGreaterThan(p.start);
    if (i > 0) expect(p.start).toBe(parts[i - 1]!.end);
    if (i < parts.length - 1) expect(p.end - p.start).toBeGreaterThanOrEqual(rules.minPart);
    expect(p.end - p.start).toBeLessThanOrEqual(rules.maxPart);
    if (p.kind === 'copy') {
      // one object, and exactly the bytes the layout has there
      const src = pieces.find((q) => q.object === p.object && q.start <= p.start && q.end >= p.end);
      expect(src, `copy part ${i} lies inside one piece of its object`).toBeDefined();
      expect(p.offset).toBe(src!.offset + (p.start - src!.start));
    } else {
      expect(p.pieces[0]!.start).toBe(p.start);
      expect(p.pieces.at(-1)!.end).toBe(p.end);
    }
  });
  expect(parts.length).toBeLessThanOrEqual(rules.maxParts);
  if (rules.equalParts) for (const p of parts.slice(0, -1)) expect(p.end - p.start).toBe(parts[0]!.end - parts[0]!.start);
  return { uploaded: parts.filter((p) => p.kind === 'upload').reduce((n, p) => n + p.end - p.start, 0), parts: parts.length };
}

describe('assembly plan', () => {
  it('covers the file exactly with valid parts, copies from one object each, and re-uploads little', () => {
    fc.assert(
      fc.property(extentsArb(RULES), fc.nat({ max: 4 * RULES.minPart }), (extents, extra) => {
        const size = Math.max(0, ...extents.map((e) => e.end)) + extra;
        const pieces = layout(extents, { start: 0, end: size });
        const { uploaded, parts } = checkPlan(pieces, size, RULES);
        // only small pieces and holes are read again, plus at most one minimum part per part
        const small = pieces.filter((p) => p.object === undefined || p.end - p.start < RULES.minPart).reduce((n, p) => n + p.end - p.start, 0);
        expect(uploaded).toBeLessThanOrEqual(small + parts * RULES.minPart);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every part but the last one size under the equal-parts rule (R2)', () => {
    const rules = { ...RULES, equalParts: true };
    fc.assert(
      fc.property(extentsArb(rules), (extents) => {
        const size = Math.max(0, ...extents.map((e) => e.end));
        checkPlan(layout(extents, { start: 0, end: size }), size, rules);
      }),
      { numRuns: 300 },
    );
  });

  it('stays within 10,000 parts for a huge file of tiny pieces', () => {
    const size = 200 * 1024 * MiB; // 200 GiB
    const plan = planAssembly([{ start: 0, end: size, offset: 0 }], size, S3_RULES);
    expect(plan.kind === 'multipart' && plan.parts.length).toBeLessThanOrEqual(10_000);
  });

  it('copies every Box part server-side, the short last one included', () => {
    const part = 8 * MiB;
    const size = 5 * part + 123;
    const extents: Extent[] = Array.from({ length: 6 }, (_, k) => ({ seq: k, start: k * part, end: Math.min(size, (k + 1) * part), object: `p${k}`, offset: 0 }));
    for (const rules of [S3_RULES, { ...S3_RULES, equalParts: true }]) {
      const plan = planAssembly(layout(extents, { start: 0, end: size }), size, rules);
      expect(plan.kind === 'multipart' && plan.parts.map((p) => p.kind)).toEqual(['copy', 'copy', 'copy', 'copy', 'copy', 'copy']);
    }
  });
});
