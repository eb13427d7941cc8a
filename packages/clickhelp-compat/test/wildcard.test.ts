import { describe, expect, it } from 'vitest';
import { wildcardMatch } from '../src/wildcard';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['*.png', 'logo.png', true],
    ['*.png', 'logo.png.bak', false],
    ['logo*', 'logo', true],
    ['l*o*g', 'lxoxoxg', true],
    ['l*o*g', 'lxoxoxh', false],
    ['a?c', 'abc', false], // ? is literal
    ['a?c', 'a?c', true],
    ['[ab]', 'a', false],
    ['LOGO.png', 'logo.png', false], // case-sensitive
    ['**a**b**', 'xxaxxbxx', true],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(wildcardMatch(pattern, name)).toBe(expected);
  });

  it('answers a pattern made to backtrack correctly (no regular expression to explode)', () => {
    expect(wildcardMatch(`${'*a'.repeat(100)}b`, 'a'.repeat(255))).toBe(false);
    expect(wildcardMatch(`${'*a'.repeat(100)}*`, 'a'.repeat(255))).toBe(true);
  });
});
