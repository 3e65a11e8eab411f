// Source: bitwalker/libcluster#148 (strategies never reconnect a node whose link dropped unless discovery bounces it)
import { afterEach, expect, it } from 'vitest';
import {
  type CallbackTransportContext,
  type Cluster,
  createCluster,
  type NodeName,
} from '../../../src/index.js';
import { until } from '../../helpers/cluster-watch.js';

// Names only (the callback transport has no wire): 127.145.9.0/24.
const SELF = 'app@127.145.9.1' as NodeName;
const PEER = 'app@127.145.9.2' as NodeName;
const clusters: Cluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

it('a link the user side lost is reported with closed() and connected again while wanted', async () => {
  let context: CallbackTransportContext | undefined;
  const connects: NodeName[] = [];
  const cluster = createCluster({
    name: SELF,
    retry: { initialDelay: 20, maxDelay: 100 },
    logLevel: 'silent',
    transport: {
      kind: 'callback',
      start: (_self: NodeName, c: CallbackTransportContext) => {
        context = c;
      },
      connect: (node: NodeName) => {
        connects.push(node);
        return true;
      },
      disconnect: () => {},
    },
    topologies: { s: { strategy: 'static', config: { nodes: [PEER] } } },
  });
  clusters.push(cluster);
  await cluster.start();
  await cluster.ready({ minNodes: 1, timeout: 5_000 });
  expect(connects).toEqual([PEER]);

  // The user's link dropped (the peer restarted, a network blip): discovery did not change.
  const down = until(cluster, 'nodedown', (n) => n === PEER);
  const up = down.then(() => until(cluster, 'nodeup', (n) => n === PEER));
  context!.closed(PEER);
  expect((await down)[1]).toBe('closed');
  await up;
  expect(connects).toEqual([PEER, PEER]);
  expect(cluster.nodes()).toEqual([PEER]);
  // A node that is not connected is ignored.
  context!.closed('app@127.145.9.3' as NodeName);
  expect(cluster.nodes()).toEqual([PEER]);
});
