import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, NodeName, TopologyInput } from '../../../src/index.js';
import { admissionNodes } from '../../helpers/admission-nodes.js';
import { meshOf, refusalsBy, until } from '../../helpers/cluster-watch.js';
import { hasRedis, type RedisServer, startRedis } from '../../helpers/redis-server.js';

// This file owns 127.145.6.0/24 (nodes; redis-server on .250).
// Issue 17 with a store strategy: a node whose entry expired stays out while it keeps dialing.
const ip = (i: number) => `127.145.6.${i}`;
const name = (i: number) => `app@${ip(i)}` as NodeName;
const PREFIX = 'admission:';

let server: RedisServer;
const nodes = admissionNodes('admission-redis-test', name);
const { node, group } = nodes;
const all = () => group([1, 2, 3]);

/**
 * Nodes 1 and 2 heartbeat into redis and read it; node 3's own view lags (a static list of
 * all three) and its entry is written by the test, so the test decides when it expires.
 */
function startNode(i: number): Promise<Cluster> {
  const store: TopologyInput = {
    strategy: 'redis',
    config: { url: server.url, prefix: PREFIX, heartbeatInterval: 100, ttl: 1_000 },
  };
  return nodes.start(i, i === 3 ? nodes.lagging([1, 2, 3]) : { store });
}

/** Writes node 3's entry as its heartbeat would, expiring after `ms`. */
async function entryOfThree(ms: number): Promise<void> {
  const client = createClient({ url: server.url });
  await client.connect();
  try {
    await client.set(`${PREFIX}node:${name(3)}`, name(3), {
      expiration: { type: 'PX', value: ms },
    });
  } finally {
    client.destroy();
  }
}

describe.skipIf(!hasRedis())('admission with the redis strategy and a real redis-server', () => {
  beforeAll(async () => {
    server = await startRedis(ip(250));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("'wanted': a node whose entry expired is disconnected and refused while it keeps dialing", async () => {
    await entryOfThree(3_600_000);
    await Promise.all([1, 2, 3].map((i) => startNode(i)));
    await meshOf(all());

    const downs = Promise.all([1, 2].map((i) => until(node(i), 'nodedown', (n) => n === name(3))));
    const refused = Promise.all([refusalsBy(node(3), name(1), 3), refusalsBy(node(3), name(2), 3)]);
    // Its heartbeats stop (here: the test stops writing them); redis expires the entry.
    await entryOfThree(200);
    expect((await downs).map(([, reason]) => reason)).toEqual(['disconnect', 'disconnect']);
    await refused;
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(2).nodes()).toEqual([name(1)]);
    expect(node(1).wanted()).toEqual([name(2)]);

    // Heartbeating again: listed, admitted, the mesh forms again.
    await entryOfThree(3_600_000);
    await meshOf(all());
  });
});
