import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The core must run unchanged on Node, Bun, Deno and workerd: no node: modules, no Node globals,
// no web framework and no vendor names.
const SRC = join(__dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('core purity', () => {
  const sources = files(SRC).map((p) => ({ p, text: readFileSync(p, 'utf8') }));

  it('imports only relative modules, nanoid, and vitest (testing helpers)', () => {
    let seen = 0;
    for (const { p, text } of sources) {
      const specs = [
        ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm),
        ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
        ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
      ];
      for (const m of specs) {
        const spec = m[1]!;
        seen++;
        const ok = spec.startsWith('.') || spec === 'nanoid' || (spec === 'vitest' && p.includes(`${join('src', 'testing')}`));
        expect(ok, `${p} imports ${spec}`).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(50); // the scan really reads the imports
  });

  it('uses no Node globals and names no vendor', () => {
    for (const { p, text } of sources) {
      expect(/\b(Buffer|process|require|__dirname)\b/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), `${p} uses a Node global`).toBe(false);
      expect(/\b(box|eos|deoss|cess|clickhelp|hono)\b/i.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), `${p} names a vendor`).toBe(false);
    }
  });
});
