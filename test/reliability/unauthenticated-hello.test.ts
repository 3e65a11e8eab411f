import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeName } from '../../src/core/node-name.js';
import { encodeHello } from '../../src/transport/tcp/handshake-codec.js';
import { ChallengePool } from '../../src/transport/tcp/handshake-crypto.js';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { closed, rawSocket } from '../helpers/tcp-raw-peer.js';

// This file owns 127.70.5.0/24.
// An unauthenticated hello must never claim the peer's name slot: incoming connections are
// registered (and the one-per-pair rule applied) only after the cookie proof.
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

/** A socket that sends a well-formed hello claiming to be `from`, then never answers. */
async function impostor(from: string, to: string, host: string) {
  const s = await rawSocket(host, TEST_PORT);
  s.write(encodeHello(new ChallengePool().next(), toNodeName(from), toNodeName(to)));
  s.resume();
  return s;
}

describe('a hello without the cookie must not block a real connection', () => {
  it('connect(b) succeeds while an impostor that never proved the cookie claims b', async () => {
    const a = await startNode('a@127.70.5.1', { handshakeTimeout: 1_000 });
    const b = await startNode('b@127.70.5.2');
    started.push(a, b);
    const s = await impostor(b.name, a.name, '127.70.5.1');
    await new Promise((resolve) => s.once('data', resolve)); // a answered with a challenge
    // b is up and reachable; a must dial it rather than wait on the impostor's handshake.
    expect(await a.transport.connect(b.name)).toBe(true);
    await closed(s);
  });

  it('an impostor hello does not cut a dial in progress to that node', async () => {
    // b is reached through a gate that holds z's dial until the impostor has been heard, so the
    // dial is certainly still in its handshake. 'z' sorts after 'b': its pending dial to b is
    // "superseded" by any hello that claims to come from b.
    const z = await startNode('z@127.70.5.3', { handshakeTimeout: 1_000 });
    const b = await startNode('b@127.70.5.4', { host: '127.70.5.5' });
    started.push(z, b);
    let open!: () => void;
    const gateOpen = new Promise<void>((resolve) => {
      open = resolve;
    });
    const gate = net.createServer((inbound) => {
      inbound.pause();
      void gateOpen.then(() => {
        const outbound = net.connect({ host: '127.70.5.5', port: TEST_PORT });
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('error', () => outbound.destroy());
        outbound.on('error', () => inbound.destroy());
      });
    });
    await new Promise<void>((resolve) => gate.listen(TEST_PORT, '127.70.5.4', resolve));
    try {
      const dial = z.transport.connect(b.name);
      const s = await impostor(b.name, z.name, '127.70.5.3');
      await new Promise((resolve) => s.once('data', resolve)); // z took the impostor's hello
      open();
      expect(await dial).toBe(true);
      await closed(s);
    } finally {
      gate.close();
    }
  });
});
