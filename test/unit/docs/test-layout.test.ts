import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const UNIT = join(ROOT, 'test/unit');

/** Unit tests of repository folders other than `src/` (the benchmark tooling, the docs). */
const OUTSIDE_SRC = new Set(['benchmarks', 'docs']);

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [join(dir, e.name), ...folders(join(dir, e.name))]);
}

describe('test layout (docs/architecture.md, "Where the tests live")', () => {
  it('every folder under test/unit/ mirrors a folder of src/ (or benchmarks/, docs/)', () => {
    const strays = folders(UNIT)
      .map((dir) => relative(UNIT, dir))
      .filter((rel) => {
        const top = rel.split('/')[0]!;
        const base = OUTSIDE_SRC.has(top) ? ROOT : join(ROOT, 'src');
        return !existsSync(join(base, rel));
      });
    expect(strays).toEqual([]);
  });
});
