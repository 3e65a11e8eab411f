import type { ScenarioResult } from './result.js';
import type { RunReport } from './runner.js';

/**
 * A few lines a person reads at the end of a run (the JSON has everything): per scenario its
 * wall time, the ratios to the same-run baseline, and each target met or missed.
 */
export function summarize(report: Pick<RunReport, 'quick' | 'results' | 'failures'>): string {
  const lines = [`benchmarks${report.quick ? ' (quick sizes)' : ''}:`];
  for (const r of report.results) lines.push(...scenarioLines(r));
  for (const f of report.failures) lines.push(`  ${f.scenario}: FAILED ${f.error}`);
  const targets = report.results.flatMap((r) => Object.values(r.targets));
  const missed = targets.filter((t) => !t.met).length;
  lines.push(
    `${targets.length - missed} of ${targets.length} targets met` +
      (report.failures.length > 0 ? `, ${report.failures.length} scenario(s) failed` : '') +
      ' (full results: --json <file>)',
  );
  return `${lines.join('\n')}\n`;
}

function scenarioLines(r: ScenarioResult): string[] {
  const out = [`  ${r.scenario} (${(r.wallMs / 1000).toFixed(1)} s)`];
  for (const [key, ratio] of Object.entries(r.ratios)) out.push(`    ${key}: ${ratio}`);
  for (const [key, t] of Object.entries(r.targets)) {
    out.push(`    ${t.met ? 'ok  ' : 'MISS'} ${key}: ${t.value} (target ${t.target})`);
  }
  return out;
}
