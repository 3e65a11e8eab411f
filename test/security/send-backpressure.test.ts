import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeName } from '../../src/core/node-name.js';
import { TICK_FRAME } from '../../src/transport/tcp/frame.js';
import { TEST_COOKIE, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { sealedHandshakeAs } from '../helpers/tcp-raw-peer.js';
import { startLoggedNode } from './security-helpers.js';

// This file's addresses: 127.134.7.0/24.
// Issue 14, case 7: 30,000 sends of 10 KB to a peer that stopped reading but kept ticking all
// returned true; memory grew by 323 MiB and the connection stayed up.
const started: TestNode[] = [];
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

const PEER = toNodeName('reader@127.134.7.9');
const BUFFER = 256 * 1024;
const PAYLOAD = 'x'.repeat(10_000);
/** Loopback socket buffers take several MiB before anything waits in the process. */
const MAX_SENDS = 30_000;

/** A peer that has proven the cookie, keeps ticking, and has stopped reading. */
async function stuckPeer(host: string, tickTime: number) {
  const { node } = await startLoggedNode(`a@${host}`, { maxSendBuffer: BUFFER, tickTime });
  started.push(node);
  const { socket, seal } = await sealedHandshakeAs(PEER, node.name, TEST_PORT, TEST_COOKIE);
  sockets.push(socket);
  socket.pause();
  timers.push(setInterval(() => socket.write(seal(TICK_FRAME)), tickTime / 8));
  await node.waitUp(PEER);
  return { node, socket };
}

/** Sends until a send is refused; returns how many were queued. */
function fill(node: TestNode): number {
  let queued = 0;
  while (queued < MAX_SENDS && node.transport.send(PEER, 'bulk', PAYLOAD)) queued++;
  return queued;
}

describe('sending to a peer that does not read', () => {
  it('refuses sends past maxSendBuffer, and broadcast says whom it skipped', async () => {
    const { node } = await stuckPeer('127.134.7.1', 60_000);
    const queued = fill(node);
    expect(queued).toBeLessThan(MAX_SENDS);
    expect(node.transport.send(PEER, 'bulk', PAYLOAD)).toBe(false);
    expect(node.transport.broadcast('bulk', PAYLOAD)).toBe(0);
    expect(node.transport.fullNodes()).toEqual([PEER]);
    expect(node.transport.nodes()).toEqual([PEER]);
  });

  it('signals drain when the peer reads again, and sends are queued again', async () => {
    const { node, socket } = await stuckPeer('127.134.7.2', 60_000);
    fill(node);
    const drained = new Promise((resolve) => node.transport.once('drain', resolve));
    socket.resume();
    expect(await drained).toBe(PEER);
    expect(node.transport.send(PEER, 'bulk', PAYLOAD)).toBe(true);
    expect(node.transport.fullNodes()).toEqual([]);
  });

  it('disconnects a peer whose buffer stays full for a tickTime (send_stalled)', async () => {
    const { node } = await stuckPeer('127.134.7.3', 800);
    const down = node.waitDown(PEER);
    fill(node);
    expect(await down).toMatchObject({ reason: 'send_stalled' });
    expect(node.transport.nodes()).toEqual([]);
  });
});
