import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src');

/** `src/transport/tcp/x.ts` -> `transport/tcp`; `src/core/x.ts` -> `core`; the entry -> `index`. */
function areaOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, '');
  if (parts[0] === 'transport' && parts.length > 2) return `transport/${parts[1]}`;
  return parts[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Relative imports that exist at run time: `import type`, `export type` and all-type braces are not. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const statement =
    /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gms;
  for (const m of text.matchAll(statement)) {
    if (m[1] !== undefined) continue;
    const braces = /^\{([^}]*)\}$/.exec((m[2] ?? '').trim());
    if (braces) {
      const names = braces[1]!
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    }
    const spec = m[3] ?? m[4]!;
    out.push(normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return out;
}

function actualGraph(): string[] {
  const edges = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const from = areaOf(file);
    for (const target of runtimeImports(file)) {
      const to = areaOf(target);
      if (to !== from) edges.add(`${from} -> ${to}`);
    }
  }
  return [...edges].sort();
}

function documentedGraph(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const block = /```imports\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/architecture.md has no ```imports block');
  return block[1]!
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((line) => {
      const [from, to] = line.split('->').map((s) => s.trim());
      return to!.split(',').map((t) => `${from} -> ${t.trim()}`);
    })
    .sort();
}

describe('docs/architecture.md', () => {
  it('lists exactly the run-time imports between areas of src/', () => {
    expect(actualGraph()).toEqual(documentedGraph());
  });

  it('core imports nothing outside itself at run time (only the transport contract, as types)', () => {
    expect(actualGraph().filter((e) => e.startsWith('core ->'))).toEqual([]);
  });
});
