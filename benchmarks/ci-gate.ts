/**
 * The CI gate: a short run of every scenario (sizes in thresholds.json), each check a ratio
 * to a baseline measured in the same run (or an invariant such as "no leaked handles").
 * A scenario with a failing check is measured once more, and only the retry counts, so one
 * noisy sample does not fail CI while a regression of real size does. Prints the checks as
 * JSON on stdout (and to `--json <file>`), a one-line verdict on stderr; exit 1 on failure.
 *
 *   node --import tsx benchmarks/ci-gate.ts [--json benchmarks/results/ci.json]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { load1, machineInfo } from './lib/env-info.js';
import { flags } from './lib/measure.js';
import type { ScenarioResult } from './lib/result.js';
import { runScenario } from './lib/runner.js';

interface Check {
  readonly scenario: string;
  /** Which run of the scenario it reads, when the scenario runs at several sizes. */
  readonly n?: number;
  readonly path: string;
  readonly min?: number;
  readonly max?: number;
  readonly why: string;
}

interface Thresholds {
  readonly runs: readonly { readonly scenario: string; readonly n?: number }[];
  readonly checks: readonly Check[];
}

interface Outcome extends Check {
  readonly value: number | null;
  readonly pass: boolean;
  readonly attempts: number;
}

function valueAt(result: ScenarioResult | undefined, path: string): number | null {
  let at: unknown = result;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

function passes(check: Check, value: number | null): boolean {
  if (value === null) return false;
  if (check.min !== undefined && value < check.min) return false;
  if (check.max !== undefined && value > check.max) return false;
  return true;
}

async function attempt(
  scenario: string,
  n: number | undefined,
): Promise<ScenarioResult | undefined> {
  try {
    return await runScenario(scenario, { n, quick: true });
  } catch (err) {
    process.stderr.write(`[${scenario}] failed: ${String(err)}\n`);
    return undefined;
  }
}

const f = flags();
const file = new URL('./thresholds.json', import.meta.url);
const thresholds = JSON.parse(readFileSync(file, 'utf8')) as Thresholds;
const t0 = performance.now();
const outcomes: Outcome[] = [];
const results: ScenarioResult[] = [];
for (const { scenario, n } of thresholds.runs) {
  const checks = thresholds.checks.filter(
    (c) => c.scenario === scenario && (c.n === undefined || c.n === n),
  );
  let result = await attempt(scenario, n);
  let attempts = 1;
  if (checks.some((c) => !passes(c, valueAt(result, c.path)))) {
    process.stderr.write(`[${scenario}] a check failed; measuring once more (load ${load1()})\n`);
    result = await attempt(scenario, n);
    attempts = 2;
  }
  if (result) results.push(result);
  for (const c of checks) {
    const value = valueAt(result, c.path);
    outcomes.push({ ...c, value, pass: passes(c, value), attempts });
  }
}
const failed = outcomes.filter((o) => !o.pass);
const report = {
  machine: machineInfo(),
  wallMs: Math.round(performance.now() - t0),
  pass: failed.length === 0,
  checks: outcomes,
  results,
};
const json = `${JSON.stringify(report, null, 2)}\n`;
if (f.json) {
  mkdirSync(dirname(f.json), { recursive: true });
  writeFileSync(f.json, json);
}
process.stdout.write(json);
const summary = failed
  .map(
    (o) =>
      `${o.scenario} ${o.path}=${o.value} (${o.min !== undefined ? `min ${o.min}` : `max ${o.max}`})`,
  )
  .join('; ');
process.stderr.write(
  report.pass
    ? `bench:ci PASS: ${outcomes.length} checks in ${Math.round(report.wallMs / 1000)} s (load ${load1()})\n`
    : `bench:ci FAIL: ${failed.length} of ${outcomes.length} checks: ${summary} (load ${load1()})\n`,
);
process.exitCode = report.pass ? 0 : 1;
