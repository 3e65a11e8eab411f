import * as net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DnsServer } from '../../src/testing/dns-server.js';
import {
  nthEvent,
  type Recorded,
  recordedCluster,
  staticTopology,
  upOn,
} from './cluster-helpers.js';

// This file owns 127.70.1.0/24. Every cluster is a real TCP cluster on its own address.
const ip = (n: number) => `127.70.1.${n}`;
const app = (n: number) => `app@${ip(n)}`;

const clusters: Recorded[] = [];
const cleanups: (() => Promise<void>)[] = [];
function start(r: Recorded): Promise<void> {
  clusters.push(r);
  return r.cluster.start();
}

afterEach(async () => {
  await Promise.all(clusters.splice(0).map((r) => r.cluster.stop()));
  for (const c of cleanups.splice(0)) await c();
});

describe('faults at the cluster level, over real sockets', () => {
  it('DNS down for several polls: membership kept, discovery:error each poll, recovery after', async () => {
    const dns = new DnsServer({ host: ip(100) });
    const { port } = await dns.start();
    cleanups.push(() => dns.stop());
    dns.setA('svc.test', [ip(1), ip(2), ip(3)]);
    const topology = {
      dns: {
        strategy: 'dns-poll',
        config: {
          query: 'svc.test',
          nodeBasename: 'app',
          pollingInterval: 100,
          nameservers: [dns.address],
          timeout: 50,
          attempts: 1,
          resolvConf: '/nonexistent/resolv.conf',
        },
      },
    };
    const nodes = [1, 2, 3].map((n) => recordedCluster(app(n), topology));
    await Promise.all(nodes.map(start));
    await Promise.all(nodes.map((r) => r.cluster.ready({ minNodes: 2, timeout: 10_000 })));

    // The server goes away entirely (its port closed): every poll fails.
    await dns.stop();
    await Promise.all(nodes.map((r) => nthEvent(r.cluster, 'discovery:error', 4)));
    for (const r of nodes) {
      expect(r.cluster.nodes().sort()).toEqual(
        [1, 2, 3]
          .map(app)
          .filter((n) => n !== r.name)
          .sort(),
      );
      expect(r.downs).toEqual([]);
      expect(r.errors.every((e) => e.topology === 'dns' && /^MUSTER_ERR_DNS/.test(e.code))).toBe(
        true,
      );
    }

    // A fourth node starts during the outage; it cannot discover anyone yet.
    const late = recordedCluster(app(4), topology);
    await start(late);
    await nthEvent(late.cluster, 'discovery:error', 2);
    expect(late.cluster.nodes()).toEqual([]);

    // The server returns on the same address with the new member: everyone follows.
    const back = new DnsServer({ host: ip(100), port });
    await back.start();
    cleanups.push(() => back.stop());
    back.setA('svc.test', [ip(1), ip(2), ip(3), ip(4)]);
    const all = [...nodes, late];
    await Promise.all(all.map((r) => r.cluster.ready({ minNodes: 3, timeout: 10_000 })));
    for (const r of all) {
      expect(r.cluster.nodes()).toHaveLength(3);
      expect(r.transport().stats().sockets).toBe(3);
    }
    expect(nodes.flatMap((r) => r.downs)).toEqual([]);
  });

  it('a peer that accepts TCP and never speaks: cut per handshake, retried, the rest unaffected', async () => {
    const accepted: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      accepted.push(socket);
      socket.resume(); // reads the hello, answers nothing
      socket.on('error', () => {});
      socket.on('end', () => socket.destroy());
    });
    await new Promise<void>((resolve) => silent.listen(4370, ip(21), resolve));
    cleanups.push(async () => {
      for (const s of accepted) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    const peers = [app(20), app(21), app(22)];
    const a = recordedCluster(app(20), staticTopology(peers), {}, { handshakeTimeout: 150 });
    const b = recordedCluster(app(22), staticTopology([app(20)]));
    await Promise.all([start(a), start(b)]);
    await upOn(a.cluster, app(22));
    await vi.waitFor(() => expect(accepted.length).toBeGreaterThanOrEqual(3), {
      timeout: 10_000,
      interval: 20,
    });
    // Each silent handshake was cut by us (handshake timeout), never left open: all but the
    // one in progress are closed.
    await vi.waitFor(() =>
      expect(accepted.filter((s) => s.closed).length).toBeGreaterThanOrEqual(accepted.length - 1),
    );
    expect(a.ups).toEqual([app(22)]);
    expect(a.downs).toEqual([]);
    expect(a.cluster.nodes()).toEqual([app(22)]);
    expect(a.cluster.stats().connectFailures).toBeGreaterThanOrEqual(2);
    // At most the live connection plus the one silent handshake in progress.
    expect(a.transport().stats().sockets).toBeLessThanOrEqual(2);
    expect(a.cluster.send(app(22), 't', 'still here')).toBe(true);
  });

  it('a peer with the wrong cookie never joins, however often it is retried', async () => {
    const all = [app(30), app(31), app(32)];
    const a = recordedCluster(app(30), staticTopology(all));
    const b = recordedCluster(app(31), staticTopology(all));
    const m = recordedCluster(app(32), staticTopology(all), { cookie: 'wrong-cookie-not-secret' });
    await Promise.all([start(a), start(b), start(m)]);
    await Promise.all([upOn(a.cluster, app(31)), upOn(b.cluster, app(30))]);
    await vi.waitFor(
      () => {
        for (const r of [a, b]) expect(r.cluster.stats().connectFailures).toBeGreaterThan(5);
        expect(m.cluster.stats().connectFailures).toBeGreaterThan(10);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(a.ups).toEqual([app(31)]);
    expect(b.ups).toEqual([app(30)]);
    expect(m.ups).toEqual([]);
    expect([...a.downs, ...b.downs, ...m.downs]).toEqual([]);
    expect(m.cluster.nodes()).toEqual([]);
    // Failed handshakes do not pile up: sockets stay bounded by the peers in play.
    for (const r of [a, b]) expect(r.transport().stats().sockets).toBeLessThanOrEqual(3);
    expect(m.transport().stats().sockets).toBeLessThanOrEqual(4);
  });
});
