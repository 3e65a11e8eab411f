import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeName } from '../../src/core/node-name.js';
import { encodeMessage } from '../../src/transport/tcp/message-codec.js';
import { TEST_COOKIE, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { sealedHandshakeAs } from '../helpers/tcp-raw-peer.js';
import { closedByPeer, startLoggedNode } from './security-helpers.js';

// This file's addresses: 127.134.6.0/24.
// Issue 14, case 6: one authenticated 8 MiB message of nested arrays blocked the event loop for
// 3-8 s. A peer that holds the cookie may still be hostile (or broken): its messages are bounded.
const started: TestNode[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

const PEER = toNodeName('peer@127.134.6.9');
const UNLIMITED = Number.MAX_SAFE_INTEGER;

async function authenticatedPeer(host: string) {
  const { node, logs } = await startLoggedNode(`a@${host}`);
  started.push(node);
  const { socket, seal } = await sealedHandshakeAs(PEER, node.name, TEST_PORT, TEST_COOKIE);
  sockets.push(socket);
  await node.waitUp(PEER);
  return { node, logs, socket, seal };
}

/** JSON text `[[[...]]]` nested `depth` levels. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function rawMessage(topic: string, json: string): Buffer {
  // encodeMessage would stringify; a hostile peer sends whatever bytes it likes.
  const frame = encodeMessage(topic, 0, UNLIMITED);
  const head = frame.subarray(0, frame.length - 1);
  const out = Buffer.concat([head, Buffer.from(json)]);
  out.writeUInt32BE(out.length - 4, 0);
  return out;
}

describe('messages from an authenticated peer', () => {
  it('closes the connection on nesting past maxMessageDepth, before parsing it', async () => {
    const { node, logs, socket, seal } = await authenticatedPeer('127.134.6.1');
    const down = node.waitDown(PEER);
    socket.write(seal(rawMessage('deep', nested(100_000))));
    socket.write(seal(rawMessage('after', '1')));
    expect(await down).toMatchObject({ reason: 'protocol_error' });
    await closedByPeer(socket);
    expect(node.messages).toEqual([]);
    expect(logs.map((l) => l.detail)).toContain('message payload nests deeper than 64 levels');
  });

  it('delivers nesting up to the limit, and brackets inside strings', async () => {
    const { node, socket, seal } = await authenticatedPeer('127.134.6.2');
    socket.write(seal(rawMessage('edge', nested(64))));
    socket.write(seal(rawMessage('text', JSON.stringify({ s: '['.repeat(10_000) }))));
    socket.write(seal(rawMessage('escaped', JSON.stringify(['\\"[[[[', '"]]'.repeat(100)]))));
    await node.waitMessages(3);
    expect(node.messages.map((m) => m.topic)).toEqual(['edge', 'text', 'escaped']);
    expect(node.transport.nodes()).toEqual([PEER]);
  });

  it('refuses a 2 MiB message by default (maxFrameSize is 1 MiB)', async () => {
    const { node, socket, seal } = await authenticatedPeer('127.134.6.3');
    const down = node.waitDown(PEER);
    socket.write(seal(rawMessage('big', JSON.stringify('x'.repeat(2 * 1024 * 1024)))));
    expect(await down).toMatchObject({ reason: 'frame_too_large' });
    expect(node.messages).toEqual([]);
  });
});
