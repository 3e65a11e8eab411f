import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallbackTransportContext,
  type CallbackTransportOptions,
  type Cluster,
  createCluster,
  type NodeName,
  parseNodeName,
} from '../../../src/index.js';
import { DnsServer } from '../../../src/testing/index.js';
import { meshOf, until } from '../../helpers/cluster-watch.js';

// This file owns 127.145.2.0/24 (nodes; the DNS server on .250).
// Issue 17 through the callback transport's contract: the user's own links ask `admit`.
const ip = (i: number) => `127.145.2.${i}`;
const name = (i: number) => `app@${ip(i)}` as NodeName;
const LINK_PORT = 4371;
const SERVICE = 'app.callback.test';

/**
 * The user's side of a callback transport: real TCP links. A dialer sends its name; the
 * acceptor asks the cluster's `admit` and answers `y` (kept) or `n` (closed).
 */
class Links extends EventEmitter {
  readonly out = new Map<NodeName, Socket>();
  readonly inbound = new Map<NodeName, Socket>();
  readonly refused: NodeName[] = [];
  private server: Server | undefined;
  private context: CallbackTransportContext | undefined;

  constructor(private readonly self: NodeName) {
    super();
  }

  transport(): CallbackTransportOptions {
    return {
      kind: 'callback',
      start: async (_self, context) => {
        this.context = context;
        this.server = createServer((socket) => this.accept(socket));
        await new Promise<void>((resolve) =>
          this.server!.listen(LINK_PORT, parseNodeName(this.self).host, resolve),
        );
      },
      connect: (node) => this.connect(node),
      disconnect: (node) => {
        const link = this.out.get(node);
        this.out.delete(node);
        link?.destroy();
        this.inbound.get(node)?.destroy();
      },
    };
  }

  /** Resolves after `count` more refusals of `peer`. */
  refusals(peer: NodeName, count: number): Promise<void> {
    let seen = 0;
    return new Promise((resolve) => {
      const on = (n: NodeName) => {
        if (n !== peer || ++seen < count) return;
        this.off('refused', on);
        resolve();
      };
      this.on('refused', on);
    });
  }

  async stop(): Promise<void> {
    for (const s of [...this.out.values(), ...this.inbound.values()]) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private accept(socket: Socket): void {
    socket.on('error', () => {});
    socket.once('data', async (data) => {
      const peer = data.toString().trim() as NodeName;
      if (await this.context!.admit(peer)) {
        this.inbound.set(peer, socket);
        socket.once('close', () => {
          if (this.inbound.get(peer) === socket) this.inbound.delete(peer);
        });
        socket.write('y');
        this.emit('admitted', peer);
      } else {
        socket.end('n');
        this.refused.push(peer);
        this.emit('refused', peer);
      }
    });
  }

  private connect(node: NodeName): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = tcpConnect({ host: parseNodeName(node).host, port: LINK_PORT });
      socket.on('error', () => {});
      socket.once('close', () => resolve(false));
      socket.once('connect', () => socket.write(`${this.self}\n`));
      socket.once('data', (answer) => {
        if (answer.toString() !== 'y') return resolve(false);
        this.out.set(node, socket);
        socket.once('close', () => {
          if (this.out.get(node) !== socket) return;
          this.out.delete(node);
          this.context!.closed(node);
        });
        resolve(true);
      });
    });
  }
}

let dns: DnsServer | undefined;
const clusters = new Map<NodeName, Cluster>();
const links = new Map<NodeName, Links>();
afterEach(async () => {
  await Promise.all([...clusters.values()].map((c) => c.stop()));
  await Promise.all([...links.values()].map((l) => l.stop()));
  clusters.clear();
  links.clear();
  await dns?.stop();
  dns = undefined;
});

/** Nodes 1 and 2 follow DNS; node 3's view lags (a static list of all three). */
async function startNode(i: number, admit: 'wanted' | 'any'): Promise<Cluster> {
  const user = new Links(name(i));
  const cluster = createCluster({
    name: name(i),
    debounce: 5,
    admit,
    admitPollInterval: 50,
    retry: { initialDelay: 50, maxDelay: 200 },
    transport: user.transport(),
    logLevel: 'silent',
    topologies:
      i === 3
        ? { lagging: { strategy: 'static', config: { nodes: [1, 2, 3].map(name) } } }
        : {
            dns: {
              strategy: 'dns-poll',
              config: {
                query: SERVICE,
                nodeBasename: 'app',
                pollingInterval: 100,
                nameservers: [dns!.address],
              },
            },
          },
  });
  clusters.set(name(i), cluster);
  links.set(name(i), user);
  await cluster.start();
  return cluster;
}

async function threeNodes(admit: 'wanted' | 'any'): Promise<void> {
  dns = new DnsServer({ host: ip(250) });
  await dns.start();
  dns.setA(SERVICE, [1, 2, 3].map(ip));
  await Promise.all([1, 2, 3].map((i) => startNode(i, admit)));
  await meshOf(new Map([1, 2, 3].map((i) => [name(i), clusters.get(name(i))!])));
}

const node = (i: number) => clusters.get(name(i))!;
const user = (i: number) => links.get(name(i))!;

describe('admission through the callback transport', () => {
  it("'wanted': a node taken out of DNS is disconnected and its links refused while it keeps connecting", async () => {
    await threeNodes('wanted');
    const downs = Promise.all([1, 2].map((i) => until(node(i), 'nodedown', (n) => n === name(3))));
    // Node 3 hears its links close, and its cluster connects again and again: refused.
    const refused = Promise.all([1, 2].map((i) => user(i).refusals(name(3), 3)));
    dns!.setA(SERVICE, [1, 2].map(ip));
    expect((await downs).map(([, reason]) => reason)).toEqual(['disconnect', 'disconnect']);
    await refused;

    for (const i of [1, 2]) {
      expect(user(i).out.has(name(3))).toBe(false);
      expect(user(i).inbound.has(name(3))).toBe(false);
      expect(node(i).stats().admissionRefusals).toBeGreaterThanOrEqual(3);
    }
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(3).nodes()).toEqual([]);

    // Listed again: its next connect is admitted and the mesh forms again.
    dns!.setA(SERVICE, [1, 2, 3].map(ip));
    await meshOf(new Map([1, 2, 3].map((i) => [name(i), node(i)])));
    expect(user(1).inbound.has(name(3))).toBe(true);
  });

  it("'any': a node taken out of DNS connects back and is admitted (libcluster's behaviour)", async () => {
    await threeNodes('any');
    const back = until(node(3), 'nodedown', (n) => n === name(1)).then(() =>
      until(node(3), 'nodeup', (n) => n === name(1)),
    );
    dns!.setA(SERVICE, [1, 2].map(ip));
    await back;
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(user(1).inbound.has(name(3))).toBe(true);
    expect(user(1).refused).toEqual([]);
  });
});
