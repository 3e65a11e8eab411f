import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { tcpTransportSchema } from '../../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../../src/transport/tcp/tcp-transport.js';
import { countingClock as countingSoakClock } from '../../helpers/soak-probe.js';
import { TEST_COOKIE, TEST_PORT, TestNode } from '../../helpers/tcp-nodes.js';
import { closed, rawSocket } from '../../helpers/tcp-raw-peer.js';

// This file's addresses: 127.24.0.0/16.
const addr = (n: number) => `127.24.0.${n}`;

/** The real clock, counting the timers it holds (the soak's probe, as a property). */
function countingClock(): Clock & { readonly pending: number } {
  const { clock, pending } = countingSoakClock();
  return Object.defineProperty({ ...clock }, 'pending', { get: pending }) as Clock & {
    readonly pending: number;
  };
}

const started: TestNode[] = [];
async function node(base: string, n: number, clock: Clock, extra: object = {}) {
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: TEST_PORT, ...extra });
  const transport = new TcpTransport(options, {
    logger: silentLogger(),
    clock,
    cookie: TEST_COOKIE,
  });
  const name = toNodeName(`${base}@${addr(n)}`);
  await transport.start(name);
  const created = new TestNode(name, transport);
  started.push(created);
  return created;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

describe('TcpTransport timers', () => {
  it('holds no timer while it has no connection, and sweeps only while there is work', async () => {
    const clock = countingClock();
    const a = await node('a', 1, clock, { tickTime: 400, handshakeTimeout: 200 });
    const b = await node('b', 2, systemClock, { tickTime: 400 });
    expect(clock.pending).toBe(0); // listening and idle: no wake-ups

    await expect(a.connect(b.name)).resolves.toBe(true);
    expect(clock.pending).toBe(2); // tick sweeper (up) and handshake sweeper (not swept yet)
    // The next handshake sweep (every 50 ms) finds nothing handshaking: it sleeps.
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await sleep(600); // ticks keep the idle connection up past tickTime
    expect(a.transport.nodes()).toEqual([b.name]);

    await a.transport.disconnect(b.name);
    // The next tick sweep (every 50 ms) finds no connection left: it sleeps too.
    await vi.waitFor(() => expect(clock.pending).toBe(0));
  });

  it('a sleeping handshake sweeper wakes for a socket that never speaks and cuts it', async () => {
    const clock = countingClock();
    const a = await node('a', 3, clock, { handshakeTimeout: 200 });
    expect(clock.pending).toBe(0);
    const silent = await rawSocket(addr(3), TEST_PORT);
    const t0 = Date.now();
    await closed(silent);
    expect(Date.now() - t0).toBeLessThan(2_000); // cut by the 200 ms deadline, not left open
    expect(a.transport.stats().sockets).toBe(0);
  });

  it('with a fixed port, connect dials at once (no wait for a port lookup)', async () => {
    const a = await node('a', 4, systemClock);
    const b = await node('b', 5, systemClock);
    const up = a.connect(b.name);
    expect(a.transport.stats().dialed).toBe(1);
    await expect(up).resolves.toBe(true);
  });
});
