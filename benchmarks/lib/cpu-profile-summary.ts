/**
 * Summarises V8 .cpuprofile files (from `node --cpu-prof`) by self time per function, to name
 * what a missed target spends its CPU on.
 *
 *   node --import tsx benchmarks/lib/cpu-profile-summary.ts PROFILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { flags } from './measure.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, top: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id)?.callFrame;
    const file = f?.url.replace(/^.*\/(src|node_modules)\//, '$1/') ?? '';
    const key = `${f?.functionName || '(anonymous)'} ${file}:${(f?.lineNumber ?? 0) + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({
      fn,
      ms: Math.round(us / 1000),
      percent: Math.round((us / total) * 1000) / 10,
    }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = flags(process.argv.slice(3));
  const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile;
  for (const row of summarise(profile, Number(f.top ?? 25))) {
    process.stdout.write(
      `${String(row.percent).padStart(5)} %  ${String(row.ms).padStart(6)} ms  ${row.fn}\n`,
    );
  }
}
