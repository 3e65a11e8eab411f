import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryPoints } from '../../helpers/package-docs.js';

const ROOT = join(import.meta.dirname, '../../..');
const REPORT = join(ROOT, 'api/muster-cluster.api.d.ts');

/** Declarations as the compiler emits them, without comments (wording is not API). */
function declarations(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('//'))
    .join('\n');
}

/**
 * The public type surface: the entry points (every `types` in package.json `exports`), then
 * the declarations of each entry and of every module they reach (what a user's compiler
 * sees), one section per file. Reviewed like code: a change to it is a change to the API.
 */
function apiReport(): string {
  const out = mkdtempSync(join(tmpdir(), 'muster-api-'));
  try {
    execFileSync(
      join(ROOT, 'node_modules/.bin/tsc'),
      ['-p', join(ROOT, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', out],
      { stdio: 'pipe' },
    );
    const entries = entryPoints();
    const seen = new Set<string>();
    const stack = entries.map((e) => join(out, relative('dist', normalize(e.types))));
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
        const target = normalize(join(dirname(file), (m[1] ?? m[2])!)).replace(/\.js$/, '.d.ts');
        if (existsSync(target)) stack.push(target);
      }
    }
    const index = entries.map((e) => `// entry ${e.subpath} -> ${e.types}`);
    return [
      `${index.join('\n')}\n`,
      ...[...seen].sort().map((file) => `// ---- ${relative(out, file)}\n${declarations(file)}\n`),
    ].join('\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('the API report (api/muster-cluster.api.d.ts)', () => {
  it('covers every entry point, and each entry point has a source', () => {
    const entries = entryPoints();
    expect(entries.map((e) => e.subpath)).toContain('.');
    for (const e of entries) {
      expect(existsSync(join(ROOT, e.source)), `${e.subpath}: no ${e.source}`).toBe(true);
    }
  });

  it('matches the declarations the package ships: review and update it with UPDATE_API_REPORT=1', () => {
    const actual = apiReport();
    if (process.env.UPDATE_API_REPORT === '1') writeFileSync(REPORT, actual);
    const reviewed = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
    expect(
      actual,
      'The public API changed. Review the difference, then run ' +
        'UPDATE_API_REPORT=1 npx vitest run test/unit/docs/api-report.test.ts and commit the report.',
    ).toBe(reviewed);
  }, 120_000);
});
