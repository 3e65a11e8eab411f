/**
 * What the docs tests and the package tests read alike: the markdown a user reads (README.md and
 * docs/, without the generated docs/api) and the entry points package.json `exports` offers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** README.md, then every .md under docs/ except docs/api (generated from the source). */
export function docFiles(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return entry === 'api' ? [] : under(path);
      return path.endsWith('.md') ? [path] : [];
    });
  return [join(ROOT, 'README.md'), ...under(join(ROOT, 'docs'))];
}

export interface EntryPoint {
  /** As package.json spells it: `.`, `./testing`. */
  readonly subpath: string;
  /** `./dist/testing/index.d.ts` */
  readonly types: string;
  /** `src/testing/index.ts`: the source the entry is built from. */
  readonly source: string;
}

/** Every entry point of package.json `exports` that has types and code (not ./package.json). */
export function entryPoints(): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types?: string; import?: string }>;
  };
  return Object.entries(pkg.exports).flatMap(([subpath, target]) =>
    typeof target === 'object' && target.types && target.import
      ? [
          {
            subpath,
            types: target.types,
            source: target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'),
          },
        ]
      : [],
  );
}
