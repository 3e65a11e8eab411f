import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cluster, createCluster, type NodeName } from '../../../src/index.js';
import { DnsServer } from '../../../src/testing/index.js';

/**
 * The seed's scene end to end, in one process: real TCP transports on distinct loopback
 * addresses, each polling one name on a real DNS server, forming and following a full mesh.
 */
const SERVICE = 'my-hello-service';
const ip = (i: number) => `127.50.20.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;

let dns: DnsServer;
let nameserver: string;
const clusters = new Map<number, Cluster>();

function startNode(i: number): Promise<Cluster> {
  const cluster = createCluster({
    name: name(i),
    cookie: 'tcp-dns-cluster-test',
    debounce: 5,
    retry: { initialDelay: 50, maxDelay: 500 },
    transport: { kind: 'tcp', port: 4370, tickTime: 2_000 },
    topologies: {
      rancher: {
        strategy: 'dns-poll',
        config: {
          query: SERVICE,
          nodeBasename: 'hello',
          pollingInterval: 100,
          nameservers: [nameserver],
        },
      },
    },
  });
  clusters.set(i, cluster);
  return cluster.start().then(() => cluster);
}

/** Resolves once every listed node sees exactly the others (event-driven, no sleeps). */
function fullMesh(members: number[]): Promise<void> {
  const check = () =>
    members.every((i) => {
      const want = members
        .filter((j) => j !== i)
        .map(name)
        .sort();
      return JSON.stringify(clusters.get(i)!.nodes().sort()) === JSON.stringify(want);
    });
  return new Promise((resolve) => {
    if (check()) return resolve();
    const listeners: (() => void)[] = [];
    const onChange = () => {
      if (!check()) return;
      for (const off of listeners) off();
      resolve();
    };
    for (const i of members) {
      const c = clusters.get(i)!;
      c.on('nodeup', onChange);
      c.on('nodedown', onChange);
      listeners.push(() => {
        c.off('nodeup', onChange);
        c.off('nodedown', onChange);
      });
    }
  });
}

beforeEach(async () => {
  dns = new DnsServer({ host: '127.50.20.250' });
  const { host, port } = await dns.start();
  nameserver = `${host}:${port}`;
});

afterEach(async () => {
  await Promise.all([...clusters.values()].map((c) => c.stop()));
  clusters.clear();
  await dns.stop();
});

describe('a cluster over DNS and TCP', () => {
  it('forms one full mesh, follows scale-up and scale-down, and never redials a leaver', async () => {
    const members = [1, 2, 3, 4];
    dns.setA(SERVICE, members.map(ip));
    await Promise.all(members.map(startNode));
    await fullMesh(members);

    // Exactly one connection per pair: each node dialed or accepted, never both.
    let sockets = 0;
    for (const c of clusters.values()) {
      sockets += (c.transportInstance as unknown as { stats(): { sockets: number } }).stats()
        .sockets;
    }
    expect(sockets).toBe(members.length * (members.length - 1));

    // Scale up: a fifth container appears in DNS.
    dns.setA(SERVICE, [...members, 5].map(ip));
    await startNode(5);
    await fullMesh([...members, 5]);

    // Graceful scale-down of node 5 while its record is still in DNS (a terminating pod):
    // the others see `shutdown` and do not pull it back in.
    const downs = [1, 2, 3, 4].map(
      (i) =>
        new Promise<string>((resolve) =>
          clusters.get(i)!.on('nodedown', (node, reason) => node === name(5) && resolve(reason)),
        ),
    );
    await clusters.get(5)!.stop();
    clusters.delete(5);
    expect(await Promise.all(downs)).toEqual(['shutdown', 'shutdown', 'shutdown', 'shutdown']);
    const attemptsBefore = members.map((i) => clusters.get(i)!.stats().connectAttempts);
    // Several polls later (observed through DNS queries), still nobody redialed it.
    let polls = 0;
    await new Promise<void>((resolve) =>
      dns.on('query', () => {
        if (++polls === 12) resolve();
      }),
    );
    for (const i of members) expect(clusters.get(i)!.nodes()).not.toContain(name(5));
    expect(members.map((i) => clusters.get(i)!.stats().connectAttempts)).toEqual(attemptsBefore);
    expect(clusters.get(1)!.wanted()).toContain(name(5));

    // The record goes; the set shrinks to the four.
    dns.setA(SERVICE, members.map(ip));
    await fullMesh(members);
  });

  it('keeps its peers while DNS fails, then follows it again', async () => {
    const members = [6, 7, 8];
    dns.setA(SERVICE, members.map(ip));
    await Promise.all(members.map(startNode));
    await fullMesh(members);

    dns.setFault({ mode: 'servfail' });
    const errors = await new Promise<number>((resolve) => {
      let n = 0;
      clusters.get(6)!.on('discovery:error', (err) => {
        expect(err.code).toBe('MUSTER_ERR_DNS_SERVFAIL');
        if (++n === 3) resolve(n);
      });
    });
    expect(errors).toBe(3);
    expect(clusters.get(6)!.nodes().sort()).toEqual([name(7), name(8)]);

    dns.setFault(undefined);
    dns.setA(SERVICE, [6, 7].map(ip));
    await new Promise<void>((resolve) =>
      clusters.get(6)!.on('nodedown', (node) => node === name(8) && resolve()),
    );
    expect(clusters.get(6)!.nodes()).toEqual([name(7)]);
  });
});
