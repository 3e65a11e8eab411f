import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The docs point somewhere real: every relative link in README.md and docs/ lands on a file the
 * package ships (a reader in node_modules follows it too), and every file a page cites by name
 * (`src/core/cluster.ts`, `benchmarks/report.ts`, `DESIGN.md`) exists in the repository.
 */
const ROOT = resolve(import.meta.dirname, '../../..');

function walk(dir: string, skip: (rel: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const rel = relative(ROOT, path);
    if (skip(rel)) return [];
    return statSync(path).isDirectory() ? walk(path, skip) : [rel];
  });
}

const repoFiles = walk(
  ROOT,
  (rel) => /^(node_modules|dist|\.git)$/.test(rel) || rel.endsWith('/.examples'),
);
const pages = ['README.md', ...repoFiles.filter((f) => /^docs\/(?!api\/).*\.md$/.test(f))];

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
const shippedRoots = pkg.files.filter((f) => !f.startsWith('!'));
const excluded = pkg.files.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
function ships(rel: string): boolean {
  const under = (root: string) => rel === root || rel.startsWith(`${root}/`);
  return shippedRoots.some(under) && !excluded.some(under);
}

/** Markdown outside fenced code blocks (examples may name files of the user's project). */
function prose(text: string): string {
  return text.replaceAll(/^```[\s\S]*?^```/gm, '');
}

describe('doc references', () => {
  it('finds the pages', () => {
    expect(pages.length).toBeGreaterThan(10);
  });

  it('links only to files the package ships', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of prose(readFileSync(join(ROOT, page), 'utf8')).matchAll(
        /\]\(([^)#\s]+)(?:#[^)]*)?\)/g,
      )) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue;
        const rel = normalize(join(dirname(page), target!));
        if (!existsSync(join(ROOT, rel)) || !ships(rel)) broken.push(`${page} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('cites only files that exist in the repository', () => {
    const byName = new Set(repoFiles.map((f) => f.split('/').at(-1)));
    const missing: string[] = [];
    for (const page of pages) {
      const text = prose(readFileSync(join(ROOT, page), 'utf8')).replaceAll(/https?:\/\/\S+/g, '');
      for (const [cited] of text.matchAll(
        /[A-Za-z0-9_.-][A-Za-z0-9_./-]*\.(?:ts|md|json|svg)\b/g,
      )) {
        const path = cited.replace(/^\.\//, '');
        const found = path.includes('/')
          ? existsSync(join(ROOT, path)) || existsSync(join(ROOT, dirname(page), path))
          : byName.has(path);
        if (!found) missing.push(`${page}: ${cited}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
