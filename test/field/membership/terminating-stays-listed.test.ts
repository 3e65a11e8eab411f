import { describe, expect, it } from 'vitest';
import { connectedTo, refusalsBy, until } from '../../helpers/cluster-watch.js';
import { membershipSuite, nodeIp, nodeName } from './field-membership.js';

const BLOCK = 5;
const ip = (i: number) => nodeIp(BLOCK, i);
const name = (i: number) => nodeName(BLOCK, i);

describe('field: a terminating pod that stays in the cluster', () => {
  const { start, server, node } = membershipSuite(BLOCK);

  // Source: bitwalker/libcluster#114 (several topologies; a pod in Terminating state is still in the cluster and requests to it time out).
  it('is dropped by its topology and refused while another topology of the acceptor runs', async () => {
    const dns = await server();
    dns.setA('feed.field.test', [1, 3].map(ip));
    dns.setA('web.field.test', [1, 2].map(ip));
    // The terminating pod resolves through a stale view: it still lists node 1.
    dns.setA('feed-stale.field.test', [1, 3].map(ip));
    const both = { feed: { query: 'feed.field.test' }, web: { query: 'web.field.test' } };
    await Promise.all([
      start(1, both),
      start(2, { web: { query: 'web.field.test' } }),
      start(3, { feed: { query: 'feed-stale.field.test' } }),
    ]);
    await Promise.all([
      connectedTo(node(1), [name(2), name(3)]),
      connectedTo(node(2), [name(1)]),
      connectedTo(node(3), [name(1)]),
    ]);

    const down = until(node(1), 'nodedown', (n) => n === name(3));
    const refused = refusalsBy(node(3), name(1), 2);
    dns.setA('feed.field.test', [ip(1)]);
    expect((await down)[1]).toBe('disconnect');
    await refused;
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
  });
});
