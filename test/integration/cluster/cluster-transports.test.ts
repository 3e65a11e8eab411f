import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultContainer } from '../../../src/core/components.js';
import { ConnectSlots } from '../../../src/core/connect-slots.js';
import { registerStrategy } from '../../../src/core/strategy-registry.js';
import { registerTransport } from '../../../src/core/transport-kinds.js';
import {
  type Cluster,
  type ConnectError,
  createCluster,
  type NodeName,
  type TransportContext,
} from '../../../src/index.js';
import { StaticStrategy } from '../../../src/strategies/static-strategy.js';
import { Bus, BusTransport } from '../../helpers/bus-transport.js';

// 'listed' is registered in one cluster's own container below; typed as a user types theirs.
declare module '../../../src/index.js' {
  interface StrategyConfigs {
    listed: { nodes: string[] };
  }
}

// This file's addresses: 127.133.3.0/24 (TCP). The bus nodes have names only.

const clusters: Cluster[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
  for (const s of servers.splice(0)) s.close();
});

function track(c: Cluster): Cluster {
  clusters.push(c);
  return c;
}

function once(c: Cluster, event: 'nodeup', node: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (n: NodeName) => {
      if (n !== node) return;
      c.off(event, on);
      resolve();
    };
    c.on(event, on);
  });
}

describe('a cluster on a transport the user passes in', () => {
  it('joins over a user-written transport given as a factory or as an instance', async () => {
    const bus = new Bus();
    const names = ['a@127.133.3.1', 'b@127.133.3.2'];
    const topologies = { all: { strategy: 'static', config: { nodes: names } } } as const;
    let context: TransportContext | undefined;
    const a = track(
      createCluster({
        name: names[0]!,
        transport: (ctx) => {
          context = ctx;
          return new BusTransport(bus);
        },
        topologies,
        logLevel: 'silent',
      }),
    );
    const b = track(
      createCluster({
        name: names[1]!,
        transport: new BusTransport(bus),
        topologies,
        logLevel: 'silent',
      }),
    );
    const up = Promise.all([once(a, 'nodeup', names[1]!), once(b, 'nodeup', names[0]!)]);
    await a.start();
    await b.start();
    await up;
    expect(a.nodes()).toEqual([names[1]]);
    expect(b.nodes()).toEqual([names[0]]);
    expect(context?.clock).toBeDefined();
    expect(typeof context?.logger.child).toBe('function');
    const got = new Promise((resolve) => b.once('message', (...args) => resolve(args)));
    a.send(names[1]!, 'hello', { over: 'bus' });
    expect(await got).toEqual([names[0], 'hello', { over: 'bus' }]);
  });

  it('keeps validating a plain transport object', () => {
    expect(() =>
      createCluster({ name: 'a@127.133.3.3', transport: { kind: 'carrier-pigeon' } } as never),
    ).toThrow(/transport/);
  });
});

describe("a cluster's own container", () => {
  it('holds kinds registered for it alone; other clusters do not see them', async () => {
    const bus = new Bus();
    const mine = defaultContainer.createChildContainer();
    registerTransport<{ kind: string }>(
      'bus',
      { parseConfig: (raw) => raw as { kind: string }, create: () => new BusTransport(bus) },
      mine,
    );
    registerStrategy('listed', StaticStrategy, mine);
    const names = ['a@127.133.3.30', 'b@127.133.3.31'];
    const config = (name: string) => ({
      name,
      transport: { kind: 'bus' },
      topologies: { all: { strategy: 'listed' as const, config: { nodes: names } } },
      logLevel: 'silent' as const,
    });
    const a = track(createCluster(config(names[0]!), { container: mine }));
    const b = track(createCluster(config(names[1]!), { container: mine }));
    const up = once(a, 'nodeup', names[1]!);
    await Promise.all([a.start(), b.start()]);
    await up;
    expect(a.nodes()).toEqual([names[1]]);
    // The default container, which every other cluster uses, never heard of either.
    expect(() => createCluster(config('c@127.133.3.32'))).toThrow(/transport\.kind/);
  });
});

describe('connect:error', () => {
  it('reports a cookie mismatch once per node, by code, and keeps retrying slowly', async () => {
    const names = ['a@127.133.3.10', 'b@127.133.3.11'];
    const topologies = { all: { strategy: 'static', config: { nodes: names } } } as const;
    const common = {
      transport: { kind: 'tcp' as const, port: 4370 },
      topologies,
      dialYield: 0,
      retry: { initialDelay: 5, maxDelay: 20 },
      logLevel: 'silent' as const,
    };
    const a = track(createCluster({ ...common, name: names[0]!, cookie: 'cookie-one-not-secret' }));
    const b = track(createCluster({ ...common, name: names[1]!, cookie: 'cookie-two-not-secret' }));
    const errors: [NodeName, ConnectError][] = [];
    a.on('connect:error', (node, error) => errors.push([node, error]));
    await b.start();
    await a.start();
    // Several failed attempts go by...
    await expect.poll(() => a.stats().connectFailures, { timeout: 5_000 }).toBeGreaterThan(3);
    // ...and the user heard of the mismatch once.
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toBe(names[1]);
    expect(errors[0]![1]).toMatchObject({
      code: 'MUSTER_ERR_CONNECT_REFUSED',
      refusal: 'bad_cookie',
      permanent: true,
    });
    expect(a.stats().connectErrors.MUSTER_ERR_CONNECT_REFUSED).toBe(a.stats().connectFailures);
    expect(a.nodes()).toEqual([]);
  });
});

describe('two clusters in one process', () => {
  /** A listener that accepts and never says a word: holds a dial's slot until its timeout. */
  async function silentPeer(host: string): Promise<void> {
    const server = net.createServer((s) => s.on('error', () => {}));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(4370, host, resolve));
  }

  function node(name: string, slots?: ConnectSlots, admit: 'wanted' | 'any' = 'wanted'): Cluster {
    return track(
      createCluster(
        {
          name,
          cookie: 'shared-cookie-not-secret',
          transport: { kind: 'tcp', port: 4370 },
          connectConcurrency: 1,
          admit,
          logLevel: 'silent',
        },
        slots === undefined ? {} : { connectSlots: slots },
      ),
    );
  }

  it('do not share connect limits, unless they are given one to share', async () => {
    await silentPeer('127.133.3.20');
    // The target has no topologies: it admits whoever connects (this test is about slots).
    const target = node('t@127.133.3.21', undefined, 'any');
    const x = node('x@127.133.3.22');
    const y = node('y@127.133.3.23');
    await Promise.all([target.start(), x.start(), y.start()]);
    // x's only slot is held by a peer that never answers; y connects all the same.
    const stuck = x.connect('s@127.133.3.20');
    await expect(y.connect(target.self!)).resolves.toBe(true);
    expect(x.stats().inFlight).toBe(1);

    // Given one shared slot, p waits behind q's stuck connect.
    const slots = new ConnectSlots(1);
    const p = node('p@127.133.3.24', slots);
    const q = node('q@127.133.3.25', slots);
    await Promise.all([p.start(), q.start()]);
    const qStuck = q.connect('s@127.133.3.20');
    const pUp = p.connect(target.self!);
    expect(slots.queued).toBe(1);
    await q.stop(); // gives up its connect: its slot goes to p
    await expect(pUp).resolves.toBe(true);
    await expect(qStuck).resolves.toBe(false);
    await x.stop();
    await expect(stuck).resolves.toBe(false);
  });
});
