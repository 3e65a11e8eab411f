/** The shape every scenario returns and run.ts collects. */
export interface ScenarioResult {
  readonly scenario: string;
  /** Load average (1 min) when the scenario started and ended. */
  readonly load: { readonly start: number; readonly end: number };
  readonly wallMs: number;
  /** Ratios to the same-run baseline that the CI gate may check, by key. */
  readonly ratios: Record<string, number>;
  /** Targets from DESIGN.md: value, target, met. */
  readonly targets: Record<string, Target>;
  readonly notes: readonly string[];
  readonly data: unknown;
}

export interface Target {
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
}

export interface ScenarioOptions {
  /** Size override (`--n`); each scenario says what n means for it. */
  readonly n: number | undefined;
  readonly quick: boolean;
  readonly progress: (msg: string) => void;
}

export type Scenario = (options: ScenarioOptions) => Promise<ScenarioResult>;

export function target(value: number, op: '<' | '>=', limit: number, unit = ''): Target {
  return {
    value,
    target: `${op} ${limit}${unit}`,
    met: op === '<' ? value < limit : value >= limit,
  };
}
