import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { tcpTransportSchema } from '../../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../../src/transport/tcp/tcp-transport.js';
import { TEST_PORT, TestNode } from '../../helpers/tcp-nodes.js';
import { sealedHandshakeAs } from '../../helpers/tcp-raw-peer.js';

// This file's addresses: 127.144.1.0/24.
const addr = (n: number) => `127.144.1.${n}`;
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

/** A transport with `cookie`, started at once (its key is derived on the thread pool). */
async function node(base: string, n: number, cookie: string): Promise<TestNode> {
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: TEST_PORT });
  const transport = new TcpTransport(options, {
    logger: silentLogger(),
    clock: systemClock,
    cookie,
  });
  const name = toNodeName(`${base}@${addr(n)}`);
  await transport.start(name);
  const created = new TestNode(name, transport);
  started.push(created);
  return created;
}

/** A cookie no transport of this process has derived a key for yet. */
const freshCookie = () => randomBytes(24).toString('base64');

describe("TcpTransport and its cookie's key", () => {
  it('a dial made before the key is derived waits for it and comes up', async () => {
    const cookie = freshCookie();
    const a = await node('a', 1, cookie);
    const b = await node('b', 2, cookie);
    await expect(a.connect(b.name)).resolves.toBe(true);
    expect(b.transport.nodes()).toEqual([a.name]);
    expect(a.transport.stats().dialed).toBe(1);
  });

  it('a socket accepted before the key is derived gets its challenge once the key is there', async () => {
    const cookie = freshCookie();
    const b = await node('b', 3, cookie);
    const from = toNodeName(`z@${addr(4)}`);
    const { socket } = await sealedHandshakeAs(from, b.name, TEST_PORT, cookie);
    await b.waitUp(from);
    expect(b.transport.nodes()).toEqual([from]);
    socket.destroy();
  });

  it('a peer with another cookie is still refused while and after the key is derived', async () => {
    const a = await node('a', 5, freshCookie());
    const b = await node('b', 6, freshCookie());
    await expect(a.connect(b.name)).resolves.toBe(false);
    expect(b.transport.nodes()).toEqual([]);
  });
});
