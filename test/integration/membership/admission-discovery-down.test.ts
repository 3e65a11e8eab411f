import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, ConnectError, NodeName, TopologyInput } from '../../../src/index.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { admissionNodes, slowAdmission } from '../../helpers/admission-nodes.js';
import { meshOf, until } from '../../helpers/cluster-watch.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';

// This file owns 127.145.4.0/24 (nodes; the metadata emulator on .250).
// Issue 17: when the acceptor's discovery fails, admission fails closed and says so at once.
const ip = (i: number) => `127.145.4.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;

let md: RancherMetadataEmulator;
const nodes = admissionNodes('admission-discovery-down-test', name);
const { node, group } = nodes;

function startNode(i: number, topology: 'rancher' | 'seed'): Promise<Cluster> {
  const rancher: TopologyInput = {
    strategy: 'rancher-metadata',
    config: {
      nodeBasename: 'hello',
      url: md.url,
      service: { stack: 'prod', name: 'hello' },
      pollingInterval: 100,
      longPoll: false,
    },
  };
  return nodes.start(i, topology === 'seed' ? nodes.lagging([1]) : { rancher }, slowAdmission);
}

/** The metadata service lists containers on nodes 1 and 2. */
function service(): void {
  const containers = md.addService({ stack: 'prod', name: 'hello', scale: 2 });
  containers.forEach((c, k) => {
    md.setPrimaryIp(c, ip(k + 1));
  });
}

beforeAll(async () => {
  md = await startEmulator(ip(250));
});
afterAll(async () => {
  await md.stop();
});
afterEach(() => {
  md.clearFaults();
  md.removeService('prod', 'hello');
});

function refusal(cluster: Cluster, peer: NodeName): Promise<ConnectError> {
  return until(cluster, 'connect:error', (n, e) => n === peer && e.refusal !== undefined).then(
    ([, error]) => error,
  );
}

describe('admission while the acceptor cannot reach its discovery', () => {
  it("refuses an unknown node at once when the topology's first poll fails, then admits it", async () => {
    service();
    md.injectFault({ kind: 'status', status: 500 }, { match: 'reads' });
    const one = await startNode(1, 'rancher');
    // Node 1 has never had an answer: node 2 (a seed list) is unknown to it.
    const two = startNode(2, 'seed');
    const error = await refusal(node(2), name(1));
    await two;
    expect(error).toMatchObject({
      code: 'MUSTER_ERR_CONNECT_REFUSED',
      refusal: 'not_allowed',
      permanent: false,
    });
    expect(error.message).toContain('discovery is failing');
    expect(one.nodes()).toEqual([]);
    expect(one.stats().admissionPolls).toBeGreaterThanOrEqual(1);

    // Discovery comes back: node 1's next answer lists node 2, whose retry is admitted.
    const up = until(one, 'nodeup', (n) => n === name(2));
    md.clearFaults();
    await up;
    expect(one.nodes()).toEqual([name(2)]);
  });

  it('keeps admitting known nodes during the outage and refuses unknown ones with the reason', async () => {
    service();
    await Promise.all([startNode(1, 'rancher'), startNode(2, 'rancher')]);
    await meshOf(group([1, 2]));

    const failing = until(node(1), 'discovery:error');
    md.injectFault({ kind: 'status', status: 500 }, { match: 'reads' });
    await failing;
    // An unknown node (a seed list naming node 1) is refused with the reason.
    const three = startNode(3, 'seed');
    const error = await refusal(node(3), name(1));
    await three;
    expect(error.message).toContain('discovery is failing');

    // Node 2 restarts (a new process, same name) while node 1's discovery is still down:
    // node 1 kept its set, so node 2 is admitted at once.
    await node(2).stop();
    nodes.forget(2);
    const back = until(node(1), 'nodeup', (n) => n === name(2));
    await startNode(2, 'seed');
    await back;
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(node(3).nodes()).toEqual([]);
  });
});
