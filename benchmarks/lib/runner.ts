/** Runs scenarios by name and collects their results with the machine's description. */
import { churn } from '../scenarios/churn.js';
import { coldJoin } from '../scenarios/cold-join.js';
import { fullMesh } from '../scenarios/full-mesh.js';
import { kubernetesWatch } from '../scenarios/kubernetes-watch.js';
import { micro } from '../scenarios/micro.js';
import { quietPoll } from '../scenarios/quiet-poll.js';
import { resolveAndConnect } from '../scenarios/resolve-and-connect.js';
import { endProgress, type MachineInfo, machineInfo, progress } from './env-info.js';
import type { Scenario, ScenarioResult } from './result.js';

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'resolve-and-connect': resolveAndConnect,
  'cold-join': coldJoin,
  'full-mesh': fullMesh,
  churn,
  'quiet-poll': quietPoll,
  micro,
  'kubernetes-watch': kubernetesWatch,
};

export interface RunReport {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly results: ScenarioResult[];
  readonly failures: { scenario: string; error: string }[];
}

export async function runScenario(
  name: string,
  options: { n: number | undefined; quick: boolean },
): Promise<ScenarioResult> {
  const scenario = SCENARIOS[name];
  if (!scenario) {
    throw new Error(`unknown scenario ${name}; one of: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  try {
    return await scenario({ ...options, progress: progress(name) });
  } finally {
    endProgress();
  }
}

export async function runScenarios(
  names: readonly string[],
  options: { n: number | undefined; quick: boolean },
): Promise<RunReport> {
  const machine = machineInfo();
  const results: ScenarioResult[] = [];
  const failures: RunReport['failures'] = [];
  for (const name of names) {
    try {
      results.push(await runScenario(name, options));
    } catch (err) {
      process.stderr.write(`[${name}] failed: ${(err as Error).stack ?? String(err)}\n`);
      failures.push({ scenario: name, error: String(err) });
    }
  }
  return { machine, quick: options.quick, results, failures };
}
