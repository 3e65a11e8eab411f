import type * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeName } from '../../src/core/node-name.js';
import { encodeFrame, FrameType } from '../../src/transport/tcp/frame.js';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { frameRelay, type RelayedFrame, type Tamper } from './frame-relay.js';

// This file's addresses: 127.146.3.0/24.
// docs/security.md: on plaintext a relay between two nodes cannot inject, drop, reorder or
// replay a frame without the connection closing. frame-integrity.test.ts shows injection and
// a drop; these are the rest of what a relay can do with frames it saw: play one twice, swap
// two, change a frame's type, cut its body, send a node its own frame back, or replay a frame
// of an earlier connection into a new one.
const started: TestNode[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
  for (const s of servers.splice(0)) s.close();
});

type Frame = RelayedFrame;

/** a listens behind a relay on a's address; b dials a through it. */
async function relayedPair(n: number, tamper: Tamper) {
  const host = `127.146.3.${n}`;
  const a = await startNode(`a@${host}`, { host: `127.146.3.${n + 100}` });
  const b = await startNode(`b@127.146.3.${n + 1}`);
  started.push(a, b);
  const relayed = await frameRelay(host, `127.146.3.${n + 100}`, TEST_PORT, tamper);
  servers.push(relayed.server);
  await expect(b.connect(a.name)).resolves.toBe(true);
  await a.waitUp(b.name);
  return { a, b, relayed };
}

/** b sends `count` numbered messages; resolves with why a closed the connection. */
async function sendAndWaitDown(a: TestNode, b: TestNode, count: number) {
  const down = a.waitDown(b.name as NodeName);
  for (let i = 1; i <= count; i++) b.transport.send(a.name, 'n', i);
  return down;
}

describe('a relay that tampers with the frames it saw', () => {
  it('a frame played twice: the copy closes the connection', async () => {
    const { a, b } = await relayedPair(1, (n, f) => (n === 1 ? [f, f] : [f]));
    const { reason, detail } = await sendAndWaitDown(a, b, 2);
    expect(reason).toBe('protocol_error');
    expect(detail).toMatch(/integrity/);
    expect(a.messages.map((m) => m.payload)).toEqual([1]);
  });

  it('two frames swapped: the first out of place closes the connection', async () => {
    let held: Frame | undefined;
    const { a, b } = await relayedPair(3, (n, f) => {
      if (n === 1) {
        held = f;
        return [];
      }
      return n === 2 ? [f, held!] : [f];
    });
    expect((await sendAndWaitDown(a, b, 3)).detail).toMatch(/integrity/);
    expect(a.messages).toEqual([]);
  });

  it("a message whose type is changed to 'leaving' is not read as a goodbye", async () => {
    const { a, b } = await relayedPair(5, (n, f) =>
      n === 1 ? [{ type: FrameType.leaving, body: f.body }] : [f],
    );
    const { reason, detail } = await sendAndWaitDown(a, b, 1);
    expect(reason).toBe('protocol_error');
    expect(detail).toMatch(/integrity/);
  });

  it('a frame cut short (its length lowered to match) closes the connection', async () => {
    const { a, b } = await relayedPair(7, (n, f) =>
      n === 1 ? [{ type: f.type, body: f.body.subarray(0, f.body.length - 1) }] : [f],
    );
    expect((await sendAndWaitDown(a, b, 1)).detail).toMatch(/integrity/);
    expect(a.messages).toEqual([]);
  });

  it("a node's own frame sent back to it (reflection) closes the connection", async () => {
    const { a, b, relayed } = await relayedPair(9, (_n, f) => [f]);
    // a's first frame after its proof, sealed with a's sending key and counter 0.
    a.transport.send(b.name, 'to-b', 'x');
    await b.waitMessages(1);
    const sealed = relayed.fromAcceptor[0]![1]!;
    const down = a.waitDown(b.name);
    relayed.toAcceptor[0]!.write(encodeFrame(sealed.type, sealed.body));
    expect((await down).detail).toMatch(/integrity/);
    expect(a.messages).toEqual([]);
  });

  it('a frame of an earlier connection replayed into a new one closes it', async () => {
    const { a, b, relayed } = await relayedPair(11, (_n, f) => [f]);
    b.transport.send(a.name, 'n', 1);
    await a.waitMessages(1);
    const old = relayed.fromDialer[0]![1]!;
    const first = a.waitDown(b.name);
    await b.transport.disconnect(a.name);
    await first;
    await expect(b.connect(a.name)).resolves.toBe(true);
    await a.waitUp(b.name);
    // The same counter (0) on the new connection, but under the old connection's keys.
    const down = a.waitDown(b.name, 1);
    relayed.toAcceptor[1]!.write(encodeFrame(old.type, old.body));
    expect((await down).detail).toMatch(/integrity/);
    expect(a.messages).toHaveLength(1);
  });
});
