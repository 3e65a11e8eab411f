import { afterEach, describe, expect, it } from 'vitest';
import {
  BaseStrategy,
  type Cluster,
  ConfigError,
  createCluster,
  InvalidArgumentError,
  type MusterError,
  type NodeName,
  registerStrategy,
} from '../../../src/index.js';
import { StaticStrategy } from '../../../src/strategies/index.js';

/** Misuse a new user runs into, each answered by a typed error at the earliest point. */
const SELF = 'app@127.135.1.1';

/** Reports whatever the config lists, unchecked, as a careless custom strategy would. */
class ListStrategy extends BaseStrategy<{ names: string[] }> {
  static parseConfig(raw: unknown) {
    return raw as { names: string[] };
  }
  protected onStart(): void {
    this.report(new Set(this.context.config.names as NodeName[]));
  }
  protected onStop(): void {}
}
registerStrategy('misuse-list', ListStrategy);
declare module '../../../src/index.js' {
  interface StrategyConfigs {
    'misuse-list': { names: string[] };
  }
}

const clusters: Cluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

function make(names: string[] = []): Cluster {
  const c = createCluster({
    name: SELF,
    transport: { kind: 'none' },
    topologies: { mine: { strategy: 'misuse-list', config: { names } } },
  });
  clusters.push(c);
  return c;
}

describe('ready() arguments', () => {
  it.each([
    [{ minNodes: -1 }, 'ready({ minNodes })', '-1'],
    [{ minNodes: 1.5 }, 'ready({ minNodes })', '1.5'],
    [{ minNodes: Number.NaN }, 'ready({ minNodes })', 'NaN'],
    [{ timeout: -5 }, 'ready({ timeout })', '-5'],
    [{ timeout: 0 }, 'ready({ timeout })', '0'],
    [{ timeout: Number.POSITIVE_INFINITY }, 'ready({ timeout })', 'Infinity'],
    // Node would fire a timer this long after 1 ms.
    [{ timeout: 2 ** 31 }, 'ready({ timeout })', '2147483648'],
  ])('rejects %o with a coded error naming the argument', async (options, argument, got) => {
    const c = make();
    await c.start();
    const err = await c.ready(options).catch((e: MusterError) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'MUSTER_ERR_INVALID_ARGUMENT', argument });
    expect((err as Error).message).toContain(`got ${got}`);
  });

  it('still resolves at once for minNodes: 0', async () => {
    const c = make();
    await c.start();
    await expect(c.ready({ minNodes: 0, timeout: 1 })).resolves.toBeUndefined();
  });
});

describe('registerStrategy', () => {
  it.each(['static', 'dns-poll', 'rancher-metadata', 'epmd'])(
    'refuses to replace the built-in %s',
    (name) => {
      let err: unknown;
      try {
        registerStrategy(name, ListStrategy);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect(err).toMatchObject({ code: 'MUSTER_ERR_CONFIG', path: 'strategy' });
      expect((err as Error).message).toContain(`"${name}"`);
    },
  );

  it('keeps the built-in in place after the refusal', () => {
    expect(() => registerStrategy('static', ListStrategy)).toThrow(ConfigError);
    const c = createCluster({
      name: SELF,
      transport: { kind: 'none' },
      topologies: { s: { strategy: 'static', config: { nodes: ['app@127.135.1.2'] } } },
    });
    expect(() => c.strategies()).not.toThrow();
    expect(StaticStrategy.parseConfig?.({ nodes: [] })).toEqual({ nodes: [] });
  });

  it('lets a custom strategy be registered again under its own name', () => {
    expect(() => registerStrategy('misuse-list', ListStrategy)).not.toThrow();
  });
});

describe('names a registered strategy reports', () => {
  it('leaves out what is not a node name, with a coded warning naming it', async () => {
    const c = make(['not a node', 'app@127.135.1.2', 'app@::FFFF:127.135.1.3']);
    const warnings: [MusterError, string][] = [];
    c.on('discovery:warning', (err, topology) => warnings.push([err, topology]));
    await c.start();
    expect(c.wanted().sort()).toEqual(['app@127.135.1.2', 'app@::ffff:127.135.1.3'].sort());
    expect(warnings).toHaveLength(1);
    const [err, topology] = warnings[0]!;
    expect(topology).toBe('mine');
    expect(err.code).toBe('MUSTER_ERR_INVALID_NODE_NAME');
    expect(err.message).toContain('"not a node"');
  });
});
