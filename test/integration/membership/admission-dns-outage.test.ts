import { afterEach, describe, expect, it } from 'vitest';
import type { Cluster, NodeName, TopologyInput } from '../../../src/index.js';
import { admissionNodes, slowAdmission } from '../../helpers/admission-nodes.js';
import { meshOf, until } from '../../helpers/cluster-watch.js';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// This file owns 127.145.7.0/24 (nodes; dnsmasq on .250).
// Issue 17 against real dnsmasq: self-removal under 'any', and admission while DNS is down.
const SERVICE = 'hello.muster.test';
const ip = (i: number) => `127.145.7.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;
const hostsOf = (members: number[]) => members.map((i) => `${ip(i)} ${SERVICE}`);

let dnsmasq: Dnsmasq | undefined;
/** dnsmasq's address:port, kept after it stops (the nodes keep asking it). */
let nameserver = '';
const nodes = admissionNodes('admission-dns-outage-test', name);
const { node, group } = nodes;
afterEach(async () => {
  await dnsmasq?.stop();
  dnsmasq = undefined;
});

function startNode(
  i: number,
  admit: 'wanted' | 'any',
  topology: 'dns' | 'seed' = 'dns',
): Promise<Cluster> {
  const dns: TopologyInput = {
    strategy: 'dns-poll',
    config: {
      query: SERVICE,
      nodeBasename: 'hello',
      pollingInterval: 100,
      nameservers: [nameserver],
      timeout: 300,
    },
  };
  return nodes.start(i, topology === 'seed' ? nodes.lagging([1]) : { dns }, {
    ...slowAdmission,
    admit,
  });
}

describe.skipIf(!hasPeerBinary('dnsmasq'))('admission against dnsmasq, removal and outage', () => {
  it("'any': a node its own DNS no longer lists hears self:removed, keeps dialing and is admitted", async () => {
    dnsmasq = await startDnsmasq(ip(250), hostsOf([1, 2, 3]), ['--local=/test/']);
    nameserver = dnsmasq.address;
    await Promise.all([1, 2, 3].map((i) => startNode(i, 'any')));
    await meshOf(group([1, 2, 3]));

    const removed = until(node(3), 'self:removed');
    // Its peers drop it; it dials them again (libcluster's behaviour) and they admit it.
    const back = until(node(1), 'nodedown', (n) => n === name(3)).then(() =>
      until(node(1), 'nodeup', (n) => n === name(3)),
    );
    await dnsmasq.setHosts(hostsOf([1, 2]));
    await removed;
    await back;
    expect(node(3).wanted().sort()).toEqual([name(1), name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(node(1).nodes().sort()).toEqual([name(2), name(3)]);
  });

  it("'wanted': with dnsmasq stopped, known nodes stay and an unknown node is refused with the reason", async () => {
    dnsmasq = await startDnsmasq(ip(250), hostsOf([1, 2]), ['--local=/test/']);
    nameserver = dnsmasq.address;
    await Promise.all([1, 2].map((i) => startNode(i, 'wanted')));
    await meshOf(group([1, 2]));

    const failing = until(node(1), 'discovery:error');
    await dnsmasq.stop();
    dnsmasq = undefined;
    await failing;
    expect(node(1).nodes()).toEqual([name(2)]);

    const [, error] = await Promise.all([
      startNode(4, 'wanted', 'seed'),
      until(node(4), 'connect:error', (n, e) => n === name(1) && e.refusal !== undefined),
    ]).then(([, args]) => args);
    expect(error).toMatchObject({ refusal: 'not_allowed', permanent: false });
    expect(error.message).toContain('discovery is failing');
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
  });
});
