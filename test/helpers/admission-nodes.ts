import { afterEach } from 'vitest';
import {
  type Cluster,
  type ClusterConfigInput,
  createCluster,
  type NodeName,
  type TopologyInput,
} from '../../src/index.js';

/**
 * The nodes of one admission test file (issue 17), stopped after each test: tcp on port 4370
 * of each node's own address, quick retries and admission polls so that refusals show within
 * a test. `extra` overrides any of it (admit, transport, timeouts).
 */
export function admissionNodes(cookie: string, name: (i: number) => NodeName) {
  const clusters = new Map<NodeName, Cluster>();
  afterEach(async () => {
    await Promise.all([...clusters.values()].map((c) => c.stop()));
    clusters.clear();
  });

  async function start(
    i: number,
    topologies: Record<string, TopologyInput>,
    extra: Partial<ClusterConfigInput> = {},
  ): Promise<Cluster> {
    const cluster = createCluster({
      name: name(i),
      cookie,
      debounce: 5,
      admitPollInterval: 50,
      retry: { initialDelay: 50, maxDelay: 200 },
      transport: { kind: 'tcp', port: 4370, tickTime: 2_000 },
      logLevel: 'silent',
      topologies,
      ...extra,
    });
    clusters.set(name(i), cluster);
    await cluster.start();
    return cluster;
  }

  const node = (i: number) => clusters.get(name(i))!;
  return {
    start,
    node,
    /** The given nodes by name, for `meshOf`. */
    group: (members: readonly number[]) => new Map(members.map((i) => [name(i), node(i)])),
    /** A view that lags: a static list of `members`, so the node keeps dialing them. */
    lagging: (members: readonly number[]): Record<string, TopologyInput> => ({
      lagging: { strategy: 'static', config: { nodes: members.map(name) } },
    }),
    /** Stops tracking node `i` (the test stopped it itself). */
    forget: (i: number) => clusters.delete(name(i)),
  };
}

/**
 * `admitWait` longer than the test timeout: a refusal a test sees did not wait for it (the
 * test would time out first), so it proves admission answered at once.
 */
export const slowAdmission = {
  admitWait: 40_000,
  connectTimeout: 90_000,
  startTimeout: 200,
  transport: { kind: 'tcp', port: 4370, tickTime: 2_000, handshakeTimeout: 90_000 },
} satisfies Partial<ClusterConfigInput>;
