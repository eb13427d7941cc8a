import { describe, expect, it } from 'vitest';
import { layout } from '../src/index';

describe('extent layout', () => {
  it('lets the newest extent win where extents overlap and reads holes as zeros', () => {
    const pieces = layout(
      [
        { seq: 1, start: 0, end: 10, object: 'a', offset: 0 },
        { seq: 2, start: 5, end: 8, object: 'b', offset: 0 },
        { seq: 3, start: 12, end: 14, object: 'c', offset: 0 },
      ],
      { start: 2, end: 16 },
    );
    expect(pieces).toEqual([
      { start: 2, end: 5, object: 'a', offset: 2 },
      { start: 5, end: 8, object: 'b', offset: 0 },
      { start: 8, end: 10, object: 'a', offset: 8 },
      { start: 10, end: 12, offset: 0 },
      { start: 12, end: 14, object: 'c', offset: 0 },
      { start: 14, end: 16, offset: 0 },
    ]);
  });
});
