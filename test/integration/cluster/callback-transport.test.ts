import { expect, it } from 'vitest';
import { createCluster, type NodeName } from '../../../src/index.js';

/** The callback transport (libcluster's connect/disconnect/list hooks) end to end. */
const SELF = 'app@127.135.4.1';
const PEERS = ['app@127.135.4.2', 'app@127.135.4.3'];

function hooks(refuse: readonly string[] = []) {
  const calls: string[] = [];
  const transport = {
    kind: 'callback' as const,
    connect: (node: NodeName) => {
      calls.push(`connect ${node}`);
      return !refuse.includes(node);
    },
    disconnect: (node: NodeName) => {
      calls.push(`disconnect ${node}`);
    },
  };
  return { calls, transport };
}

it('calls connect for each wanted node and disconnect for each on stop()', async () => {
  const { calls, transport } = hooks();
  const c = createCluster({
    name: SELF,
    transport,
    topologies: { s: { strategy: 'static', config: { nodes: [SELF, ...PEERS] } } },
  });
  const downs: [string, string][] = [];
  c.on('nodedown', (node, reason) => downs.push([node, reason]));
  await c.start();
  await c.ready({ minNodes: 2, timeout: 5_000 });
  expect(calls.sort()).toEqual(PEERS.map((p) => `connect ${p}`));
  calls.length = 0;
  await c.stop();
  expect(calls.sort()).toEqual(PEERS.map((p) => `disconnect ${p}`));
  expect(downs.sort()).toEqual(PEERS.map((p) => [p, 'stopped']));
});

it('keeps stopping the others when one disconnect hook throws', async () => {
  const calls: string[] = [];
  const c = createCluster({
    name: SELF,
    transport: {
      kind: 'callback',
      connect: () => true,
      disconnect: (node) => {
        calls.push(node);
        if (node === PEERS[0]) throw new Error('hook failed');
      },
    },
    logLevel: 'silent',
    topologies: { s: { strategy: 'static', config: { nodes: PEERS } } },
  });
  await c.start();
  await c.ready({ minNodes: 2, timeout: 5_000 });
  await c.stop();
  expect(calls.sort()).toEqual(PEERS);
  expect(c.nodes()).toEqual([]);
});
