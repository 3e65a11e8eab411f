import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ConnectSlots } from '../../../src/core/connect-slots.js';
import { silentLogger } from '../../../src/core/logger.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { FrameType } from '../../../src/transport/tcp/frame.js';
import { encodeHello } from '../../../src/transport/tcp/handshake-codec.js';
import { ChallengePool, CookieProof } from '../../../src/transport/tcp/handshake-crypto.js';
import { tcpTransportSchema } from '../../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../../src/transport/tcp/tcp-transport.js';
import { startNode, TEST_COOKIE, TEST_PORT, TestNode } from '../../helpers/tcp-nodes.js';
import { closed, nextFrame, rawSocket, readChallenge } from '../../helpers/tcp-raw-peer.js';

// This file's addresses: 127.26.7.0/24.
const started: TestNode[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
  for (const s of servers.splice(0)) s.close();
});

/** A node whose connects take their turn from `slots` (shared by the nodes of a test). */
async function gatedNode(name: string, slots: ConnectSlots): Promise<TestNode> {
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: TEST_PORT });
  const context = { logger: silentLogger(), clock: systemClock, cookie: TEST_COOKIE };
  const transport = new TcpTransport(options, context);
  const node = toNodeName(name);
  await transport.start(node);
  const out = new TestNode(node, transport, slots);
  started.push(out);
  return out;
}

/** A listener that accepts and never says a word: holds a dialer's handshake open. */
async function silentPeer(host: string): Promise<void> {
  const server = net.createServer((s) => s.on('error', () => {}));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(TEST_PORT, host, resolve));
}

describe('connect slots over the tcp transport', () => {
  it('a connect still waiting for its turn is dropped, undialed, when the peer dials in first', async () => {
    const slots = new ConnectSlots(1);
    const a = await gatedNode('z@127.26.7.1', slots);
    const b = await startNode('b@127.26.7.2');
    started.push(b);
    await silentPeer('127.26.7.3');
    // The only slot is held by a dial to a peer that never answers.
    const stuck = a.attempt(toNodeName('q@127.26.7.3'));
    const ab = a.connect(b.name);
    expect(slots.queued).toBe(1);
    expect(await b.connect(a.name)).toBe(true);
    expect(await ab).toBe(true);
    expect(a.transport.stats()).toMatchObject({ dialed: 1 });
    expect(a.ups).toEqual([b.name]);
    expect(slots.inUse).toBe(1);
    await a.transport.stop();
    expect(await stuck).toMatchObject({ code: 'MUSTER_ERR_CONNECT_ABORTED' });
    expect(slots.inUse).toBe(0);
  });

  it('keeps exactly one connection per pair when 6 nodes sharing 3 slots dial each other at once', async () => {
    const gate = new ConnectSlots(3);
    const nodes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => gatedNode(`n${i}@127.26.7.${10 + i}`, gate)),
    );
    const results = await Promise.all(
      nodes.flatMap((x) => nodes.filter((y) => y !== x).map((y) => x.connect(y.name))),
    );
    expect(results.every(Boolean)).toBe(true);
    for (const x of nodes) {
      expect(x.transport.nodes()).toHaveLength(5);
      expect(x.ups).toHaveLength(5);
      expect(x.downs).toEqual([]);
    }
    // Losers close before either side saw them up: wait until only the pairs remain.
    await expect
      .poll(() => nodes.reduce((sum, x) => sum + x.transport.stats().sockets, 0))
      .toBe(30);
    expect(gate.inUse).toBe(0);
  });
});

describe('a hello claiming our own name', () => {
  it('is refused with "wrong name" and counted', async () => {
    const a = await startNode('a@127.26.7.20');
    started.push(a);
    const s = await rawSocket('127.26.7.20', TEST_PORT);
    const challenge = await readChallenge(s);
    // The proof is checked first (a peer without the cookie learns nothing about names), so
    // this one holds the cookie.
    const proof = new CookieProof(TEST_COOKIE).digest('dialer', challenge, a.name, a.name);
    s.write(encodeHello(new ChallengePool().next(), proof, a.name, a.name));
    expect(await nextFrame(s)).toEqual({ type: FrameType.refuse, body: Buffer.from([2]) });
    await closed(s);
    expect(a.transport.stats().handshakeFailures).toEqual({ 'accept:refused': 1 });
    expect(a.transport.nodes()).toEqual([]);
  });
});
