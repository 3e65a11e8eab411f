import { describe, expect, it } from 'vitest';
import { meshOf, until } from '../../helpers/cluster-watch.js';
import { membershipSuite, nodeIp, nodeName } from './field-membership.js';

const BLOCK = 4;
const ip = (i: number) => nodeIp(BLOCK, i);
const name = (i: number) => nodeName(BLOCK, i);

describe('field: keeping a leaving node connected while it hands its work over', () => {
  const { start, server, node, group, forget } = membershipSuite(BLOCK);

  // Source: bitwalker/libcluster#86 (disconnecting a terminating pod at once made Swarm move its processes while they still ran).
  it('disconnectOnRemove: false keeps the connection, the node hears self:removed, then leaves once', async () => {
    const dns = await server();
    dns.setA('svc.field.test', [1, 2].map(ip));
    const svc = { dns: { query: 'svc.field.test', disconnectOnRemove: false } };
    await Promise.all([1, 2].map((i) => start(i, svc)));
    await meshOf(group([1, 2]));

    const drain = until(node(2), 'self:removed');
    const diff = until(node(1), 'diff', (d) => d.removed.includes(name(2)));
    dns.setA('svc.field.test', [ip(1)]);
    await Promise.all([drain, diff]);
    // Removed from discovery, still connected: the application drains over it.
    expect(node(1).wanted()).toEqual([]);
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(1).send(name(2), 'handoff', { jobs: 3 })).toBe(true);

    const left = until(node(1), 'nodedown', (n) => n === name(2));
    await node(2).stop();
    forget(2);
    expect((await left)[1]).toBe('shutdown');
    expect(node(1).nodes()).toEqual([]);
  });
});
