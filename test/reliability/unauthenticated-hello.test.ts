import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type NodeName, toNodeName } from '../../src/core/node-name.js';
import { FrameType } from '../../src/transport/tcp/frame.js';
import { encodeHello, RefuseCode } from '../../src/transport/tcp/handshake-codec.js';
import { ChallengePool, CookieProof } from '../../src/transport/tcp/handshake-crypto.js';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { closed, nextFrame, rawSocket, readChallenge } from '../helpers/tcp-raw-peer.js';

// This file owns 127.70.5.0/24.
// A hello names its sender only once its cookie proof checks: an impostor can neither hold the
// name it claims nor cut a real connection to that node.
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

/**
 * A socket that answers the challenge with a well-formed hello claiming to be `from`, its proof
 * made with another cookie. Resolves with the socket and the frame the node answered with.
 */
async function impostor(from: string, to: string, host: string) {
  const s = await rawSocket(host, TEST_PORT);
  const challenge = await readChallenge(s);
  const [f, t] = [toNodeName(from), toNodeName(to)];
  const forged = new CookieProof('not-the-cookie').digest('dialer', challenge, f, t);
  s.write(encodeHello(new ChallengePool().next(), forged, f, t));
  return { socket: s, answer: await nextFrame(s) };
}

const badProof = { type: FrameType.refuse, body: Buffer.from([RefuseCode.badProof]) };

describe('a hello without the cookie', () => {
  it('is refused with "bad proof", registers nothing, and connect(b) still reaches b', async () => {
    const a = await startNode('a@127.70.5.1', { handshakeTimeout: 1_000 });
    const b = await startNode('b@127.70.5.2');
    started.push(a, b);
    // A silent socket and a forged hello, both "from b" as far as an attacker would like.
    const silent = await rawSocket('127.70.5.1', TEST_PORT);
    await readChallenge(silent);
    const forged = await impostor(b.name, a.name, '127.70.5.1');
    expect(forged.answer).toEqual(badProof);
    expect(a.transport.nodes()).toEqual([]);
    expect(await a.connect(b.name)).toBe(true);
    expect(a.transport.nodes()).toEqual([b.name]);
    await closed(forged.socket);
    expect(a.transport.stats().handshakeFailures).toMatchObject({ 'accept:refused': 1 });
    silent.destroy();
  });

  it('does not cut a dial in progress to the node it claims to be', async () => {
    // b is reached through a gate that holds z's dial until the impostor has been answered, so
    // the dial is certainly still in its handshake. 'z' sorts after 'b': a proven hello from b
    // would supersede z's dial; a forged one must not.
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
      const dial = z.connect(b.name);
      const forged = await impostor(b.name, z.name, '127.70.5.3');
      expect(forged.answer).toEqual(badProof);
      open();
      expect(await dial).toBe(true);
      expect(z.transport.nodes()).toEqual([b.name as NodeName]);
      await closed(forged.socket);
    } finally {
      gate.close();
    }
  });
});
