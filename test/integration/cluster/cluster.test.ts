import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BaseStrategy,
  type Cluster,
  ConfigError,
  createCluster,
  DiscoveryError,
  LifecycleError,
  type NodeName,
  ReadyTimeoutError,
  registerIdentityProvider,
  registerStrategy,
} from '../../../src/index.js';

const SELF = 'app@127.50.10.1';
const PEERS = ['app@127.50.10.2', 'app@127.50.10.3'];

/** A strategy the test steers directly; `instances` exposes the live ones. */
class SteeredStrategy extends BaseStrategy<{ failOnStart?: boolean }> {
  static instances: SteeredStrategy[] = [];
  static parseConfig(raw: unknown) {
    return (raw ?? {}) as { failOnStart?: boolean };
  }
  protected onStart(): void {
    if (this.context.config.failOnStart) throw new Error('cannot start');
    SteeredStrategy.instances.push(this);
  }
  protected onStop(): void {
    SteeredStrategy.instances = SteeredStrategy.instances.filter((s) => s !== this);
  }
  set(nodes: string[]): void {
    this.report(new Set(nodes as NodeName[]));
  }
  failPoll(): void {
    this.fail(new DiscoveryError(this.context.topology, 'source down'));
  }
}
registerStrategy('steered', SteeredStrategy);

const clusters: Cluster[] = [];
function make(config: Record<string, unknown>): Cluster {
  const c = createCluster({
    name: SELF,
    transport: { kind: 'none' },
    debounce: 1,
    ...config,
  } as never);
  clusters.push(c);
  return c;
}

function once<T extends unknown[]>(
  c: Cluster,
  event: 'nodeup' | 'nodedown' | 'discovery:error',
): Promise<T> {
  return new Promise((resolve) => c.once(event, (...args: unknown[]) => resolve(args as T)));
}

afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

describe('Cluster', () => {
  it('connects to every node a static topology lists, except itself', async () => {
    const c = make({
      topologies: { dev: { strategy: 'static', config: { nodes: [SELF, ...PEERS] } } },
    });
    const ups: string[] = [];
    c.on('nodeup', (node) => ups.push(node));
    await c.start();
    await c.ready({ minNodes: 2, timeout: 5_000 });
    expect(ups.sort()).toEqual(PEERS);
    expect(c.nodes().sort()).toEqual(PEERS);
    expect(c.wanted().sort()).toEqual(PEERS);
    // The dial's own bookkeeping settles a few microtasks after the nodeup edge.
    await vi.waitFor(() =>
      expect(c.stats()).toMatchObject({ connects: 2, nodeups: 2, connected: 2, wanted: 2 }),
    );
  });

  it('follows diffs: removed nodes go down, added ones come up', async () => {
    const c = make({ topologies: { t: { strategy: 'steered' } } });
    await c.start();
    const s = SteeredStrategy.instances.at(-1)!;
    const up = once(c, 'nodeup');
    s.set([PEERS[0]!]);
    expect((await up)[0]).toBe(PEERS[0]);
    const down = once<[string, string]>(c, 'nodedown');
    s.set([PEERS[1]!]);
    expect(await down).toEqual([PEERS[0], 'disconnect', undefined]);
    await c.ready({ minNodes: 1 });
    expect(c.nodes()).toEqual([PEERS[1]]);
  });

  it('keeps the known nodes and reports discovery:error when a poll fails', async () => {
    const c = make({ topologies: { t: { strategy: 'steered' } } });
    await c.start();
    const s = SteeredStrategy.instances.at(-1)!;
    s.set(PEERS);
    await c.ready({ minNodes: 2 });
    const failed = once<[DiscoveryError, string]>(c, 'discovery:error');
    s.failPoll();
    const [err, topology] = await failed;
    expect(err.code).toBe('MUSTER_ERR_DISCOVERY');
    expect(topology).toBe('t');
    expect(c.nodes().sort()).toEqual(PEERS);
    expect(c.stats().discoveryErrors).toBe(1);
  });

  it('retries a node the callback transport refuses until it accepts', async () => {
    let refusals = 2;
    const calls: string[] = [];
    const c = make({
      retry: { initialDelay: 5, maxDelay: 20 },
      transport: {
        kind: 'callback',
        connect: (node: string) => {
          calls.push(node);
          return refusals-- <= 0;
        },
        disconnect: () => true,
      },
      topologies: { dev: { strategy: 'static', config: { nodes: [PEERS[0]] } } },
    });
    await c.start();
    await c.ready({ minNodes: 1, timeout: 5_000 });
    expect(calls).toEqual([PEERS[0], PEERS[0], PEERS[0]]);
    await vi.waitFor(() =>
      expect(c.stats()).toMatchObject({ connectFailures: 2, retries: 2, connects: 1 }),
    );
  });

  it('connect() is Node.connect: true for itself and for a connected node without I/O', async () => {
    const calls: string[] = [];
    let release!: (ok: boolean) => void;
    const c = make({
      transport: {
        kind: 'callback',
        connect: (node: string) => {
          calls.push(node);
          return new Promise<boolean>((r) => {
            release = r;
          });
        },
        disconnect: () => true,
      },
    });
    await c.start();
    await expect(c.connect(SELF)).resolves.toBe(true);
    const first = c.connect(PEERS[0]!);
    const second = c.connect(PEERS[0]!);
    release(true);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    await expect(c.connect(PEERS[0]!)).resolves.toBe(true);
    expect(calls).toEqual([PEERS[0]]);
  });

  it('rejects an invalid node name with a typed error', async () => {
    const c = make({});
    await c.start();
    await expect(c.connect('not a node')).rejects.toMatchObject({
      code: 'MUSTER_ERR_INVALID_NODE_NAME',
    });
  });

  it('never half-starts: a failing topology stops everything and start() rejects', async () => {
    const c = make({
      topologies: {
        good: { strategy: 'steered' },
        bad: { strategy: 'steered', config: { failOnStart: true } },
      },
    });
    const before = SteeredStrategy.instances.length;
    await expect(c.start()).rejects.toThrow('cannot start');
    expect(c.status).toBe('idle');
    expect(SteeredStrategy.instances.length).toBe(before);
    expect(() => c.nodes()).not.toThrow();
    expect(() => c.broadcast('x', 1)).toThrow(LifecycleError);
  });

  it('ready() rejects with ReadyTimeoutError when peers do not come', async () => {
    const c = make({});
    await c.start();
    await expect(c.ready({ minNodes: 1, timeout: 20 })).rejects.toBeInstanceOf(ReadyTimeoutError);
  });

  it('stop() reports every peer down and rejects pending ready()', async () => {
    const c = make({ topologies: { dev: { strategy: 'static', config: { nodes: PEERS } } } });
    await c.start();
    await c.ready({ minNodes: 2 });
    const pending = c.ready({ minNodes: 5 });
    const downs: string[] = [];
    c.on('nodedown', (node, reason) => downs.push(`${node}:${reason}`));
    await c.stop();
    await expect(pending).rejects.toBeInstanceOf(LifecycleError);
    expect(downs.sort()).toEqual(PEERS.map((p) => `${p}:stopped`));
    expect(c.nodes()).toEqual([]);
    await expect(c.start()).rejects.toBeInstanceOf(LifecycleError);
  });

  it('resolves identity variables before the name is used', async () => {
    registerIdentityProvider('test-identity', {
      variables: ['TEST_IP'],
      parseConfig: (raw) => raw,
      create: () => ({ resolve: async () => ({ TEST_IP: '127.50.10.77' }) }),
    });
    const c = make({ name: 'app@${TEST_IP}', identity: { kind: 'test-identity' } });
    expect(c.self).toBeUndefined();
    await c.start();
    expect(c.self).toBe('app@127.50.10.77');
  });

  it('refuses a tcp transport without a cookie at createCluster', () => {
    expect(() => createCluster({ name: SELF, topologies: {} })).toThrow(ConfigError);
  });
});
