/**
 * The `config` a topology may give each strategy, by strategy name: what makes
 * `topologies.*` a typed union, so `pollingIntervall` in a dns-poll config fails to compile.
 * The built-in strategies add theirs (strategies/builtin.ts). Add yours next to its
 * `registerStrategy` call, by declaration merging:
 *
 *     declare module 'muster-cluster' {
 *       interface StrategyConfigs {
 *         inventory: { names: string[]; pollingInterval?: number };
 *       }
 *     }
 *
 * A config from a file (JSON, `unknown`) is checked at run time by `createCluster` as before.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface StrategyConfigs {}

/** One topology: `config` is required when the strategy's config has a required key. */
export type TopologyOf<Name extends string, Config> = {
  readonly strategy: Name;
  /** `false` keeps a connection when this topology stops listing the node. */
  readonly disconnectOnRemove?: boolean;
} & (Record<string, never> extends Config
  ? { readonly config?: Config }
  : { readonly config: Config });

/** A topology of any strategy in StrategyConfigs. */
export type TopologyInput = {
  [Name in keyof StrategyConfigs & string]: TopologyOf<Name, StrategyConfigs[Name]>;
}[keyof StrategyConfigs & string];
