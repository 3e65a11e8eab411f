import { describe, expect, it } from 'vitest';
import { meshOf, ownPolls, until } from '../../helpers/cluster-watch.js';
import { membershipSuite, nodeIp, nodeName } from './field-membership.js';

const BLOCK = 3;
const ip = (i: number) => nodeIp(BLOCK, i);
const name = (i: number) => nodeName(BLOCK, i);

describe('field: a node taken out of DNS while it shuts down gracefully', () => {
  const { start, server, node, group, forget } = membershipSuite(BLOCK);

  // Source: bitwalker/libcluster#202 (a pod removed from Kubernetes DNS reconnects to the others during its graceful shutdown).
  it('is disconnected, does not dial back in, and leaves for good', async () => {
    const dns = await server();
    dns.setA('svc.field.test', [1, 2, 3].map(ip));
    const svc = { dns: { query: 'svc.field.test' } };
    await Promise.all([1, 2, 3].map((i) => start(i, svc)));
    await meshOf(group([1, 2, 3]));

    const ups: string[] = [];
    for (const i of [1, 2]) node(i).on('nodeup', (n) => ups.push(n));
    const drain = until(node(3), 'self:removed');
    const gone = Promise.all([1, 2].map((i) => until(node(i), 'nodedown', (n) => n === name(3))));
    // SIGTERM: the endpoint goes, the process drains for a while.
    dns.setA('svc.field.test', [1, 2].map(ip));
    await drain;
    expect((await gone).map(([, reason]) => reason)).toEqual(['disconnect', 'disconnect']);
    // It still resolves the others, as in the report, yet it dials nobody while drained.
    const attempts = node(3).stats().connectAttempts;
    // Six of its own polls (600 ms, three times retry.maxDelay) later:
    await ownPolls(node(3), 'dns', 6);
    expect(node(3).wanted()).toEqual([name(1), name(2)]);
    expect(node(3).stats().connectAttempts).toBe(attempts);
    expect(ups).toEqual([]);

    await node(3).stop();
    forget(3);
    expect(node(1).nodes()).toEqual([name(2)]);
  });
});
