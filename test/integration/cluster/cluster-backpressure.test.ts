import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Cluster,
  createCluster,
  type NodeName,
  type SendResult,
  toNodeName,
} from '../../../src/index.js';
import { Bus, BusTransport } from '../../helpers/bus-transport.js';
import { TEST_COOKIE, TEST_PORT } from '../../helpers/tcp-nodes.js';
import { sealedHandshakeAs } from '../../helpers/tcp-raw-peer.js';
import { upOn } from '../../reliability/cluster-helpers.js';

// This file's addresses: 127.143.2.0/24.
// Backpressure reaches the Cluster user (issue 14, case 7, left open): `drain` is forwarded,
// and trySend / tryBroadcast say why a message was not queued and whom a broadcast skipped.
const clusters: Cluster[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

const BUFFER = 256 * 1024;
const PAYLOAD = 'x'.repeat(10_000);
/** Loopback socket buffers take several MiB before anything waits in the process. */
const MAX_SENDS = 30_000;

function tcpCluster(name: string, nodes: string[] = []): Cluster {
  const cluster = createCluster({
    name,
    cookie: TEST_COOKIE,
    admit: 'any',
    transport: { kind: 'tcp', port: TEST_PORT, maxSendBuffer: BUFFER, tickTime: 60_000 },
    topologies: nodes.length ? { all: { strategy: 'static', config: { nodes } } } : {},
    dialYield: 0,
    logLevel: 'silent',
  });
  clusters.push(cluster);
  return cluster;
}

/** A peer of `cluster` that has proven the cookie and does not read what it is sent. */
async function stuckPeer(cluster: Cluster, peer: NodeName): Promise<Socket> {
  const up = upOn(cluster, peer);
  const { socket } = await sealedHandshakeAs(peer, cluster.self!, TEST_PORT, TEST_COOKIE);
  sockets.push(socket);
  socket.pause();
  await up;
  return socket;
}

/** trySend until something is not queued; returns that result and how many were queued. */
function fill(cluster: Cluster, peer: NodeName): { result: SendResult; queued: number } {
  for (let queued = 0; queued < MAX_SENDS; queued++) {
    const result = cluster.trySend(peer, 'bulk', PAYLOAD);
    if (result !== 'queued') return { result, queued };
  }
  return { result: 'queued', queued: MAX_SENDS };
}

describe('backpressure on a tcp cluster', () => {
  it('says buffer_full (not not_connected) for a peer that stopped reading, and drains', async () => {
    const a = tcpCluster('a@127.143.2.1');
    await a.start();
    const peer = toNodeName('reader@127.143.2.9');
    const socket = await stuckPeer(a, peer);
    const { result, queued } = fill(a, peer);
    expect(result).toBe('buffer_full');
    expect(queued).toBeLessThan(MAX_SENDS);
    expect(a.send(peer, 'bulk', PAYLOAD)).toBe(false);
    expect(a.trySend('ghost@127.143.2.99', 'bulk', PAYLOAD)).toBe('not_connected');
    expect(a.nodes()).toEqual([peer]);
    const drained = new Promise<NodeName>((resolve) => a.once('drain', resolve));
    socket.resume();
    expect(await drained).toBe(peer);
    expect(a.trySend(peer, 'bulk', PAYLOAD)).toBe('queued');
  });

  it('tryBroadcast names the peer it skipped and still reaches the others', async () => {
    const a = tcpCluster('a@127.143.2.11');
    const b = tcpCluster('b@127.143.2.12', ['a@127.143.2.11', 'b@127.143.2.12']);
    await a.start();
    const bUp = upOn(a, 'b@127.143.2.12');
    await b.start();
    await bUp;
    const peer = toNodeName('reader@127.143.2.19');
    await stuckPeer(a, peer);
    expect(fill(a, peer).result).toBe('buffer_full');
    const got = new Promise((resolve) => b.once('message', (...args) => resolve(args)));
    // As large as what filled the peer's buffer: it cannot fit there, and goes to b.
    const report = a.tryBroadcast('bulk', PAYLOAD);
    expect(report).toEqual({ queued: 1, bufferFull: [peer] });
    expect(a.broadcast('bulk', PAYLOAD)).toBe(1);
    expect(await got).toEqual(['a@127.143.2.11', 'bulk', PAYLOAD]);
  });
});

describe('send results on other transports', () => {
  it('the callback transport carries no messages: unsupported', async () => {
    const c = createCluster({
      name: 'a@127.143.2.21',
      transport: { kind: 'callback', connect: () => true, disconnect: () => {} },
      topologies: { all: { strategy: 'static', config: { nodes: ['b@127.143.2.22'] } } },
      logLevel: 'silent',
    });
    clusters.push(c);
    const up = upOn(c, 'b@127.143.2.22');
    await c.start();
    await up;
    expect(c.trySend('b@127.143.2.22', 't', 1)).toBe('unsupported');
    expect(c.tryBroadcast('t', 1)).toEqual({ queued: 0, bufferFull: [] });
  });

  it('a user transport without trySend: read through isConnected', async () => {
    const bus = new Bus();
    /** A user's transport whose send buffer is full while `full` is set (no trySend). */
    class Bounded extends BusTransport {
      full = false;
      override send(node: NodeName, topic: string, payload: unknown): boolean {
        return !this.full && super.send(node, topic, payload);
      }
    }
    const names = ['a@127.143.2.31', 'b@127.143.2.32'];
    const topologies = { all: { strategy: 'static', config: { nodes: names } } } as const;
    const mine = new Bounded(bus);
    const a = createCluster({ name: names[0]!, transport: mine, topologies, logLevel: 'silent' });
    const b = createCluster({
      name: names[1]!,
      transport: new BusTransport(bus),
      topologies,
      logLevel: 'silent',
    });
    clusters.push(a, b);
    const up = upOn(a, names[1]!);
    await Promise.all([a.start(), b.start()]);
    await up;
    expect(a.trySend(names[1]!, 't', 1)).toBe('queued');
    expect(a.trySend('c@127.143.2.33', 't', 1)).toBe('not_connected');
    mine.full = true;
    expect(a.trySend(names[1]!, 't', 1)).toBe('buffer_full');
    expect(a.tryBroadcast('t', 1)).toEqual({ queued: 0, bufferFull: [names[1]] });
    mine.full = false;
    expect(a.tryBroadcast('t', 1)).toEqual({ queued: 1, bufferFull: [] });
  });
});
