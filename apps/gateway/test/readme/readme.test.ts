import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('the README shows the tested example verbatim', () => {
  const source = readFileSync(join(__dirname, 'example.test.ts'), 'utf8');
  const example = /\/\/ --- example start ---\n([\s\S]*?)\/\/ --- example end ---/.exec(source)![1]!;
  const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(example.trimEnd());
});
