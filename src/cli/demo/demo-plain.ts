import type { DemoFleet } from './demo-fleet.js';
import { waitFor } from './demo-wait.js';

export interface PlainDemoOptions {
  readonly nodes: number;
  readonly cycles: number;
  /** Epoch ms after which the run fails. */
  readonly deadline: number;
  readonly signal: AbortSignal;
}

export interface PlainDemoTimes {
  readonly fullMesh: number;
  /** Worst time over the cycles for each step. */
  readonly scaleUp: number;
  readonly scaleDown: number;
  readonly kill: number;
}

/**
 * The scripted run for CI and logs: start `nodes` nodes and wait for the full mesh, then per
 * cycle scale up by one, scale down by one (gracefully), kill one with SIGKILL, each time
 * waiting until every node that is up lists exactly the others. Between cycles the killed
 * node is replaced. Every wait is driven by the nodes' IPC reports.
 */
export async function runPlainDemo(
  fleet: DemoFleet,
  options: PlainDemoOptions,
  say: (text: string) => void,
): Promise<PlainDemoTimes> {
  const { nodes: n, deadline, signal } = options;
  const settled = (count: number) => () => fleet.isConverged() && fleet.members().length === count;

  for (let i = 0; i < n; i++) fleet.add();
  const fullMesh = await waitFor(fleet, settled(n), deadline, signal);
  say(`full mesh of ${n} nodes in ${fullMesh} ms`);

  let scaleUp = 0;
  let scaleDown = 0;
  let kill = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    if (options.cycles > 1) say(`cycle ${cycle} of ${options.cycles}`);
    fleet.add();
    const up = await waitFor(fleet, settled(n + 1), deadline, signal);
    say(`scale-up to ${n + 1} converged in ${up} ms`);
    scaleUp = Math.max(scaleUp, up);

    fleet.remove();
    const down = await waitFor(fleet, settled(n), deadline, signal);
    say(`scale-down to ${n} converged in ${down} ms`);
    scaleDown = Math.max(scaleDown, down);

    fleet.kill();
    const killed = await waitFor(fleet, settled(n - 1), deadline, signal);
    say(`kill to ${n - 1} converged in ${killed} ms`);
    kill = Math.max(kill, killed);

    if (cycle < options.cycles) {
      fleet.add();
      await waitFor(fleet, settled(n), deadline, signal);
    }
  }
  return { fullMesh, scaleUp, scaleDown, kill };
}

export function summaryLine(n: number, cycles: number, t: PlainDemoTimes): string {
  const worst = cycles > 1 ? ` (worst of ${cycles} cycles)` : '';
  return (
    `muster demo: OK full mesh of ${n} nodes formed in ${t.fullMesh} ms; ` +
    `scale-up to ${n + 1} converged in ${t.scaleUp} ms; ` +
    `scale-down to ${n} converged in ${t.scaleDown} ms; ` +
    `kill (SIGKILL) to ${n - 1} converged in ${t.kill} ms${worst}`
  );
}
