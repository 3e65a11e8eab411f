/**
 * The benchmark runner: every scenario, or some (`--scenario a,b`), at a size that finishes
 * in a few minutes; `--quick` for the smallest sizes; `--n` to pick one size. Progress on
 * stderr; results as one JSON object in `--json <file>` and on stdout when stdout is not a
 * terminal (a pipe, a file). On a terminal, stdout gets a short summary instead.
 *
 *   node --import tsx benchmarks/run.ts [--scenario full-mesh] [--n 200] [--quick] [--json f]
 *
 * Scenarios: resolve-and-connect, full-mesh, churn, quiet-poll, micro, kubernetes-watch
 * (benchmarks/scenarios).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { flags } from './lib/measure.js';
import { runScenarios, SCENARIOS } from './lib/runner.js';
import { summarize } from './lib/summary.js';

const f = flags();
const names = f.scenario ? f.scenario.split(',') : Object.keys(SCENARIOS);
const unknown = names.filter((n) => !(n in SCENARIOS));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown scenario ${unknown.join(', ')}; one of: ${Object.keys(SCENARIOS).join(', ')}\n`,
  );
  process.exit(2);
}
const report = await runScenarios(names, {
  n: f.n !== undefined ? Number(f.n) : undefined,
  quick: f.quick === 'true',
});
const json = `${JSON.stringify(report, null, 2)}\n`;
if (f.json) {
  mkdirSync(dirname(f.json), { recursive: true });
  writeFileSync(f.json, json);
}
// A person at a terminal reads a summary; a pipe or file gets the JSON as before.
process.stdout.write(process.stdout.isTTY ? summarize(report) : json);
process.exitCode = report.failures.length > 0 ? 1 : 0;
