import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { fate } from './security-helpers.js';

// This file's addresses: 127.146.1.0/24.
// A stranger resets a socket and dials again from the same address and port before the node
// has run the old socket's close: the new socket took the old one's entry in the handshake
// caps, the old close then freed the new one's slot, and each cycle leaked one count until
// the address was locked out for good (every later socket from it closed on accept).
const NODE = '127.146.1.1';
const FROM = '127.146.1.10';
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

function dialFrom(localPort: number): net.Socket {
  const socket = net.connect({ host: NODE, port: TEST_PORT, localAddress: FROM, localPort });
  socket.on('error', () => {});
  return socket;
}

/** Runs the event loop until `done` holds (each check waits one turn, no timer). */
async function turnsUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a reused address and port', () => {
  it('does not leak a per-address handshake slot when reset and redialed at once', async () => {
    const a = await startNode(`a@${NODE}`, { maxHandshakesPerAddress: 4 });
    started.push(a);
    const probe = dialFrom(0);
    await new Promise((resolve) => probe.once('connect', resolve));
    const localPort = probe.localPort!;
    probe.destroy();
    await turnsUntil(() => a.transport.stats().handshaking === 0);

    for (let cycle = 0; cycle < 8; cycle++) {
      const first = dialFrom(localPort);
      expect(await fate(first)).toBe('greeted');
      first.resetAndDestroy();
      // The same 4-tuple again before the node's loop turns: it sees the reset and the new
      // accept together. net.connect dials on the next tick.
      const second = dialFrom(localPort);
      await new Promise((resolve) => process.nextTick(resolve));
      expect(await fate(second)).toBe('greeted');
      second.destroy();
      await turnsUntil(() => a.transport.stats().handshaking === 0);
    }
    // Eight cycles against a cap of four: a leak of one per cycle would lock this address out.
    const honest = dialFrom(0);
    expect(await fate(honest)).toBe('greeted');
    honest.destroy();
    expect(a.transport.stats().handshakesRefused).toBe(0);
  });
});
