import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { docFiles, entryPoints } from '../../helpers/package-docs.js';

/**
 * Every TypeScript/JavaScript example in README.md and docs/ runs, so the docs cannot drift
 * from the code. Blocks fenced as `ts config-only` run with a createCluster that validates the
 * config but opens no socket (they show production hosts); every other ts/js block runs as is,
 * on loopback. A block fenced `ts fragment` is a piece of a larger example and is only listed.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const WORK = join(ROOT, 'test/integration/docs/.examples');

interface Example {
  readonly file: string;
  readonly line: number;
  readonly mode: 'run' | 'config-only' | 'fragment';
  readonly code: string;
}

function examplesIn(file: string): Example[] {
  const out: Example[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\b(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const flags = open[2]!.trim();
    const start = i + 1;
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith('```')) i++;
    const mode = flags.includes('fragment')
      ? 'fragment'
      : flags.includes('config-only')
        ? 'config-only'
        : 'run';
    out.push({
      file: relative(ROOT, file),
      line: start,
      mode,
      code: lines.slice(start, i + 1).join('\n'),
    });
    i++;
  }
  return out;
}

/** Each subpath of package.json `exports` (`./testing`) -> its source (`src/testing/index.ts`). */
const SUBPATH_SOURCES = new Map(entryPoints().map((e) => [e.subpath, e.source]));

const examples = docFiles().flatMap(examplesIn);

/**
 * A runnable example must keep to loopback (the house rule for anything a test runs): IPv4
 * literals in 127/8 or 198.18/15, DNS lookups only against explicit nameservers, no URLs to
 * real hosts. Anything else belongs in a `config-only` block.
 */
function expectLoopbackOnly(ex: Example): void {
  const where = `${ex.file}:${ex.line}`;
  for (const [ip] of ex.code.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)) {
    expect(/^(127\.|198\.1[89]\.)/.test(ip), `${where} uses ${ip}`).toBe(true);
  }
  for (const [url] of ex.code.matchAll(/https?:\/\/[^\s'"`]+/g)) {
    expect(/^https?:\/\/(127\.|\$\{)/.test(url), `${where} uses ${url}`).toBe(true);
  }
  if (ex.code.includes("'dns-poll'"))
    expect(ex.code, `${where}: dns-poll without nameservers`).toContain('nameservers');
  if (ex.code.includes("'rancher-metadata'"))
    expect(ex.code, `${where}: rancher without a url`).toMatch(/url/);
}

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('docs examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(5);
  });

  for (const ex of examples.filter((e) => e.mode !== 'fragment')) {
    it(`${ex.file}:${ex.line} (${ex.mode})`, async () => {
      if (ex.mode === 'run') expectLoopbackOnly(ex);
      mkdirSync(WORK, { recursive: true });
      const shim =
        ex.mode === 'config-only'
          ? '../../../helpers/docs-config-only.ts'
          : '../../../../src/index.ts';
      const code = ex.code.replaceAll(/from 'muster-cluster(\/[^']+)?'/g, (_, subpath = '') => {
        if (subpath === '') return `from '${shim}'`;
        const source = SUBPATH_SOURCES.get(`.${subpath}`);
        if (!source)
          throw new Error(
            `${ex.file}:${ex.line} imports muster-cluster${subpath}, not an entry point`,
          );
        return `from '../../../../${source}'`;
      });
      const path = join(WORK, `${ex.file.replaceAll(/[/.]/g, '_')}_${ex.line}.ts`);
      writeFileSync(path, `import 'reflect-metadata';\n${code}\nprocess.exit(0);\n`);
      const env = {
        ...process.env,
        MUSTER_COOKIE: 'docs-example-cookie',
        RANCHER_IP: '10.42.0.1',
        MUSTER_LOG_LEVEL: 'silent',
        NODE_ENV: '',
        MUSTER_ENV: '',
      };
      await run(process.execPath, ['--import', 'tsx', path], { cwd: WORK, env, timeout: 30_000 });
    });
  }
});
