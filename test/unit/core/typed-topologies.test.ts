import { expect, it } from 'vitest';
import {
  BaseStrategy,
  type ClusterConfigInput,
  ConfigError,
  createCluster,
  registerStrategy,
} from '../../../src/index.js';

/**
 * Typed topologies: each `@ts-expect-error` below is a config the type checker must refuse
 * (`npm run typecheck` compiles this file and fails on an unused `@ts-expect-error`, so looser
 * types break the build); at run time each is also refused by createCluster.
 */
class InventoryStrategy extends BaseStrategy<{ names: string[] }> {
  protected onStart(): void {}
  protected onStop(): void {}
}
registerStrategy('typed-inventory', InventoryStrategy);
declare module '../../../src/index.js' {
  interface StrategyConfigs {
    'typed-inventory': { names: string[] };
  }
}

const base = { name: 'app@127.135.5.1', transport: { kind: 'none' } } as const;

const accepted: ClusterConfigInput[] = [
  {
    ...base,
    topologies: { d: { strategy: 'dns-poll', config: { query: 'q', nodeBasename: 'a' } } },
  },
  { ...base, topologies: { s: { strategy: 'static', config: { nodes: ['a@127.135.5.2'] } } } },
  { ...base, topologies: { e: { strategy: 'epmd', config: { hosts: ['127.135.5.4'] } } } },
  { ...base, topologies: { r: { strategy: 'rancher-metadata', config: { nodeBasename: 'a' } } } },
  { ...base, topologies: { i: { strategy: 'typed-inventory', config: { names: [] } } } },
];

const refused: ClusterConfigInput[] = [
  {
    ...base,
    topologies: {
      // @ts-expect-error a typo in a key of a built-in strategy's config
      d: { strategy: 'dns-poll', config: { query: 'q', nodeBasename: 'a', pollingIntervall: 5 } },
    },
  },
  // @ts-expect-error a strategy nobody registered (nor declared)
  { ...base, topologies: { d: { strategy: 'dns-pol', config: { query: 'q' } } } },
  // @ts-expect-error static needs its config (nodes is required)
  { ...base, topologies: { s: { strategy: 'static' } } },
  // @ts-expect-error a value of the wrong type
  { ...base, topologies: { s: { strategy: 'static', config: { nodes: 'a@127.135.5.2' } } } },
  {
    ...base,
    topologies: {
      // @ts-expect-error a required key left out (nodeBasename)
      r: { strategy: 'rancher-metadata', config: { url: 'http://127.135.5.3' } },
    },
  },
];

it('accepts every well-typed config at run time too', () => {
  for (const config of accepted) expect(() => createCluster(config)).not.toThrow();
});

it('refuses at run time each config the types refuse', () => {
  for (const config of refused) expect(() => createCluster(config)).toThrow(ConfigError);
});
