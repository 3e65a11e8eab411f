import type * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../src/transport/tcp/message-codec.js';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { frameRelay } from './frame-relay.js';

// This file's addresses: 127.134.9.0/24.
// Issue 14, case 9: a local process that binds a node's port before the node starts (here: a
// relay on a's address, a listening elsewhere) relays its connections; it could inject a
// message that a delivered as coming from b. On plaintext every frame now carries a MAC.
const started: TestNode[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
  for (const s of servers.splice(0)) s.close();
});

async function relayedPair(n: number, keep: (i: number) => boolean) {
  const host = `127.134.9.${n}`;
  const a = await startNode(`a@${host}`, { host: `127.134.9.${n + 100}` });
  const b = await startNode(`b@127.134.9.${n + 1}`);
  started.push(a, b);
  const relay = await frameRelay(host, `127.134.9.${n + 100}`, TEST_PORT, (i, f) =>
    keep(i) ? [f] : [],
  );
  servers.push(relay.server);
  const toA = relay.toAcceptor;
  await expect(b.connect(a.name)).resolves.toBe(true);
  await a.waitUp(b.name);
  return { a, b, toA };
}

describe('frames after a plaintext handshake', () => {
  it('an injected message closes the connection and is never delivered', async () => {
    const { a, b, toA } = await relayedPair(1, () => true);
    const down = a.waitDown(b.name);
    toA[0]!.write(encodeMessage('evil', { from: 'the relay' }, 1 << 20));
    const { reason, detail } = await down;
    expect(reason).toBe('protocol_error');
    expect(detail).toMatch(/integrity/);
    expect(a.messages).toEqual([]);
  });

  it('a dropped frame closes the connection at the next one', async () => {
    // Frame 0 is b's hello; frame 1 its first message.
    const { a, b } = await relayedPair(3, (i) => i !== 1);
    const down = a.waitDown(b.name);
    b.transport.send(a.name, 'one', 1);
    b.transport.send(a.name, 'two', 2);
    expect((await down).detail).toMatch(/integrity/);
    expect(a.messages).toEqual([]);
  });

  it('messages that pass untouched are delivered in order', async () => {
    const { a, b } = await relayedPair(5, () => true);
    for (let i = 0; i < 50; i++) b.transport.send(a.name, 'n', i);
    await a.waitMessages(50);
    expect(a.messages.map((m) => m.payload)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
