// Source: pravega/zookeeper-operator#240 (PR #246: a DNS server that is not ready was read as "no such node" and split the cluster)
import { afterEach, describe, expect, it } from 'vitest';
import type { Cluster, NodeName, TopologyInput } from '../../../src/index.js';
import { DnsServer } from '../../../src/testing/index.js';
import { admissionNodes } from '../../helpers/admission-nodes.js';
import { meshOf, until } from '../../helpers/cluster-watch.js';

// This file owns 127.145.8.0/24 (nodes; the DNS server on .250).
// A failing DNS server is not "nobody": members stay, and an unknown dialer hears the outage.
const ip = (i: number) => `127.145.8.${i}`;
const name = (i: number) => `app@${ip(i)}` as NodeName;
const SERVICE = 'app.field.test';

let dns: DnsServer | undefined;
const nodes = admissionNodes('field-dns-failure', name);
const { node, group } = nodes;
afterEach(async () => {
  await dns?.stop();
  dns = undefined;
});

function start(i: number, seed = false): Promise<Cluster> {
  const query: TopologyInput = {
    strategy: 'dns-poll',
    config: {
      query: SERVICE,
      nodeBasename: 'app',
      pollingInterval: 100,
      nameservers: [dns!.address],
    },
  };
  return nodes.start(i, seed ? nodes.lagging([1]) : { dns: query });
}

describe('a DNS server that fails is not an empty answer', () => {
  for (const mode of ['servfail', 'refused'] as const) {
    it(`${mode}: the members stay connected and an unknown dialer is told discovery is failing`, async () => {
      dns = new DnsServer({ host: ip(250) });
      await dns.start();
      dns.setA(SERVICE, [ip(1), ip(2)]);
      await Promise.all([start(1), start(2)]);
      await meshOf(group([1, 2]));

      const failing = until(node(1), 'discovery:error');
      dns.setFault({ mode });
      await failing;
      const [, error] = await Promise.all([
        start(3, true),
        until(node(3), 'connect:error', (n, e) => n === name(1) && e.refusal !== undefined),
      ]).then(([, args]) => args);
      expect(error.message).toContain('discovery is failing');
      expect(node(1).nodes()).toEqual([name(2)]);
      expect(node(1).wanted()).toEqual([name(2)]);
    });
  }

  it('the neighbour: a name that is really gone (an empty answer) removes its node', async () => {
    dns = new DnsServer({ host: ip(250) });
    await dns.start();
    dns.setA(SERVICE, [ip(1), ip(2)]);
    await Promise.all([start(1), start(2)]);
    await meshOf(group([1, 2]));
    const down = until(node(1), 'nodedown', (n) => n === name(2));
    dns.setA(SERVICE, [ip(1)]);
    expect((await down)[1]).toBe('disconnect');
    expect(node(1).wanted()).toEqual([]);
  });
});
