import { afterEach } from 'vitest';
import { type Cluster, createCluster, type NodeName } from '../../../src/index.js';
import { DnsServer } from '../../../src/testing/index.js';

// The membership field suites own 127.138.3.0/24 to 127.138.9.0/24 (one /24 per file).

export const nodeIp = (block: number, i: number) => `127.138.${block}.${i}`;
export const nodeName = (block: number, i: number) => `app@${nodeIp(block, i)}` as NodeName;

export interface Topology {
  readonly query: string;
  readonly disconnectOnRemove?: boolean;
}

/**
 * Clusters on the embedded DNS server of one block, stopped after each test. Each node polls
 * the given names every 100 ms; retries are quick so that refusals show within a test.
 */
export function membershipSuite(block: number) {
  const clusters = new Map<NodeName, Cluster>();
  let dns: DnsServer | undefined;
  afterEach(async () => {
    await Promise.all([...clusters.values()].map((c) => c.stop()));
    clusters.clear();
    await dns?.stop();
    dns = undefined;
  });

  async function server(): Promise<DnsServer> {
    if (dns === undefined) {
      dns = new DnsServer({ host: nodeIp(block, 250) });
      await dns.start();
    }
    return dns;
  }

  async function start(
    i: number,
    topologies: Record<string, Topology>,
    extra: Record<string, unknown> = {},
  ): Promise<Cluster> {
    const nameserver = (await server()).address;
    const cluster = createCluster({
      name: nodeName(block, i),
      cookie: `membership-field-${block}`,
      debounce: 5,
      admitPollInterval: 50,
      retry: { initialDelay: 50, maxDelay: 200 },
      transport: { kind: 'tcp', port: 4370, tickTime: 2_000 },
      logLevel: 'silent',
      topologies: Object.fromEntries(
        Object.entries(topologies).map(([topology, t]) => [
          topology,
          {
            strategy: 'dns-poll',
            disconnectOnRemove: t.disconnectOnRemove ?? true,
            config: {
              query: t.query,
              nodeBasename: 'app',
              pollingInterval: 100,
              nameservers: [nameserver],
            },
          },
        ]),
      ),
      ...extra,
    });
    clusters.set(nodeName(block, i), cluster);
    await cluster.start();
    return cluster;
  }

  return {
    start,
    server,
    node: (i: number) => clusters.get(nodeName(block, i))!,
    group: (members: number[]) =>
      new Map(members.map((i) => [nodeName(block, i), clusters.get(nodeName(block, i))!])),
    forget: (i: number) => clusters.delete(nodeName(block, i)),
  };
}
