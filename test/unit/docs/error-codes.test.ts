import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

it('lists every error code the source defines in docs/errors.md', () => {
  const docs = readFileSync('docs/errors.md', 'utf8');
  const codes = new Set<string>();
  for (const file of sources('src')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'(MUSTER_ERR_[A-Z0-9_]+)'/g))
      codes.add(m[1]!);
  }
  expect(codes.size).toBeGreaterThan(20);
  const missing = [...codes].filter((code) => !docs.includes(`\`${code}\``));
  expect(missing).toEqual([]);
});
