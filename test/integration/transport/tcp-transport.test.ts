import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ConfigError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { tcpTransportSchema } from '../../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../../src/transport/tcp/tcp-transport.js';
import { startNode, TEST_COOKIE, TEST_PORT, type TestNode } from '../../helpers/tcp-nodes.js';
import { closed, handshakeAs, rawSocket } from '../../helpers/tcp-raw-peer.js';

// This file's addresses: 127.20.1.0/24.
const addr = (n: number) => `127.20.1.${n}`;
const name = (base: string, n: number) => toNodeName(`${base}@${addr(n)}`);

const started: TestNode[] = [];
async function node(base: string, n: number, options: Parameters<typeof startNode>[1] = {}) {
  const created = await startNode(`${base}@${addr(n)}`, options);
  started.push(created);
  return created;
}

/** a (at `first`) dials b and c (the next two addresses); resolves once all three see it up. */
async function hub(first: number) {
  const a = await node('a', first);
  const b = await node('b', first + 1);
  const c = await node('c', first + 2);
  await a.connect(b.name);
  await a.connect(c.name);
  await b.waitUp(a.name);
  await c.waitUp(a.name);
  return { a, b, c };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

describe('TcpTransport', () => {
  it('refuses to exist without a cookie', () => {
    const options = tcpTransportSchema.parse({ kind: 'tcp' });
    for (const cookie of [undefined, '']) {
      expect(
        () => new TcpTransport(options, { logger: silentLogger(), clock: systemClock, cookie }),
      ).toThrow(ConfigError);
    }
  });

  it('connects, reports nodeup on both sides and lists the peer in nodes()', async () => {
    const a = await node('a', 1);
    const b = await node('b', 2);
    expect(a.transport.address()).toBe(TEST_PORT);
    const bUp = b.waitUp(a.name);
    await expect(a.connect(b.name)).resolves.toBe(true);
    await bUp;
    expect(a.transport.nodes()).toEqual([b.name]);
    expect(b.transport.nodes()).toEqual([a.name]);
    // Idempotent, like Node.connect: no second connection, no second nodeup.
    await expect(a.connect(b.name)).resolves.toBe(true);
    await expect(b.connect(a.name)).resolves.toBe(true);
    await expect(a.connect(a.name)).resolves.toBe(true);
    expect(a.ups).toEqual([b.name]);
    expect(b.ups).toEqual([a.name]);
    expect(a.transport.stats().sockets).toBe(1);
    expect(b.transport.stats().sockets).toBe(1);
  });

  it('listens on port 0 and reports the bound port', async () => {
    const a = await node('zero', 3, { port: 0 });
    expect(a.transport.address()).toBeGreaterThan(0);
  });

  it('fails an unreachable peer with MUSTER_ERR_CONNECT_UNREACHABLE and never throws', async () => {
    const a = await node('a', 4);
    await expect(a.connect(name('nobody', 5))).resolves.toBe(false);
    const error = await a.attempt(name('nobody', 5));
    expect(error).toMatchObject({ code: 'MUSTER_ERR_CONNECT_UNREACHABLE', permanent: false });
    expect(a.transport.nodes()).toEqual([]);
  });

  it('never lists a peer with the wrong cookie, on either side', async () => {
    const a = await node('a', 6);
    const b = await node('b', 7, { cookie: 'another-cookie-not-secret' });
    await expect(a.connect(b.name)).resolves.toBe(false);
    await expect(b.connect(a.name)).resolves.toBe(false);
    // The acceptor sees a proof it cannot check and refuses: the dialer hears "bad cookie", a
    // failure retrying cannot fix.
    expect(await a.attempt(b.name)).toMatchObject({
      code: 'MUSTER_ERR_CONNECT_REFUSED',
      refusal: 'bad_cookie',
      permanent: true,
    });
    expect(a.transport.nodes()).toEqual([]);
    expect(b.transport.nodes()).toEqual([]);
    expect(a.ups).toEqual([]);
    expect(b.ups).toEqual([]);
  });

  it('refuses a peer whose name is not the one dialed', async () => {
    const a = await node('a', 8);
    const b = await node('b', 9);
    // b listens on 127.20.1.9, but we dial it under another basename.
    await expect(a.connect(name('impostor', 9))).resolves.toBe(false);
    expect(await a.attempt(name('impostor', 9))).toMatchObject({
      code: 'MUSTER_ERR_CONNECT_REFUSED',
      refusal: 'wrong_name',
      permanent: true,
    });
    expect(a.transport.nodes()).toEqual([]);
    expect(b.transport.nodes()).toEqual([]);
  });

  it('delivers messages in order per pair, both ways, and broadcasts', async () => {
    const { a, b, c } = await hub(10);
    const count = 500;
    for (let i = 0; i < count; i++) {
      expect(a.transport.send(b.name, 'seq', { i, text: 'ü'.repeat(i % 7) })).toBe(true);
      b.transport.send(a.name, 'back', i);
    }
    await b.waitMessages(count);
    await a.waitMessages(count);
    expect(b.messages.map((m) => (m.payload as { i: number }).i)).toEqual([...Array(count).keys()]);
    expect(b.messages.every((m) => m.from === a.name && m.topic === 'seq')).toBe(true);
    expect(a.messages.map((m) => m.payload)).toEqual([...Array(count).keys()]);
    expect(a.transport.broadcast('all', null)).toBe(2);
    await c.waitMessages(1);
    expect(c.messages).toEqual([{ from: a.name, topic: 'all', payload: null }]);
    expect(a.transport.send(name('stranger', 13), 'x', 1)).toBe(false);
  });

  it('reassembles large messages arriving at once on several dialed sockets', async () => {
    // A dialer's sockets all read into one shared buffer: frames split across reads must be
    // copied before the next read reuses it, whichever socket that read is for.
    const { a, b, c } = await hub(40);
    const payload = (from: string, i: number) =>
      `${from}:${i}:`.padEnd(300_000 + i * 7_919, String.fromCharCode(97 + (i % 26)));
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) {
      for (const [peer, label] of [
        [b, 'b'],
        [c, 'c'],
      ] as const) {
        const text = payload(label, i);
        sent.push(text);
        expect(peer.transport.send(a.name, 'big', text)).toBe(true);
      }
    }
    await a.waitMessages(sent.length);
    const got = a.messages.map((m) => m.payload as string);
    expect(got.sort()).toEqual(sent.sort());
    // Per pair, in order.
    const fromB = a.messages.filter((m) => m.from === b.name).map((m) => m.payload as string);
    expect(fromB.map((t) => t.split(':')[1])).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('cuts a socket that connects and never speaks, and keeps the others', async () => {
    const a = await node('a', 14, { handshakeTimeout: 300 });
    const b = await node('b', 15);
    await a.connect(b.name);
    const silent = await rawSocket(addr(14), TEST_PORT);
    await closed(silent);
    expect(a.transport.nodes()).toEqual([b.name]);
    expect(a.downs).toEqual([]);
    expect(a.transport.send(b.name, 'still', 'here')).toBe(true);
    await b.waitMessages(1);
  });

  it('cuts a socket that sends garbage before the handshake, and keeps the others', async () => {
    const a = await node('a', 16);
    const b = await node('b', 17);
    await a.connect(b.name);
    for (const garbage of [
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from([0, 0, 0, 3, 99, 1, 2]), // unknown frame type
      Buffer.from([0, 0, 0, 0]), // empty frame
    ]) {
      const socket = await rawSocket(addr(16), TEST_PORT);
      socket.write(garbage);
      await closed(socket);
    }
    expect(a.transport.nodes()).toEqual([b.name]);
    expect(a.transport.send(b.name, 'still', 'here')).toBe(true);
    await b.waitMessages(1);
  });

  it('reports protocol_error and frame_too_large for an established peer, and keeps the others', async () => {
    const a = await node('a', 18, { maxFrameSize: 64 * 1024 });
    const b = await node('b', 19);
    await a.connect(b.name);
    const mallory = name('mallory', 20);

    const garbled = await handshakeAs(mallory, a.name, TEST_PORT, TEST_COOKIE);
    await a.waitUp(mallory);
    garbled.write(Buffer.from([0, 0, 0, 5, 42, 1, 2, 3, 4]));
    const down1 = await a.waitDown(mallory);
    expect(down1.reason).toBe('protocol_error');
    expect(down1.detail).toMatch(/frame type 42/);
    await closed(garbled);

    const since = a.downs.length;
    const huge = await handshakeAs(mallory, a.name, TEST_PORT, TEST_COOKIE);
    await a.waitUp(mallory);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(64 * 1024 + 1, 0);
    header[4] = 6;
    huge.write(header); // only the header: the limit is enforced before the body arrives
    const down2 = await a.waitDown(mallory, since);
    expect(down2.reason).toBe('frame_too_large');
    await closed(huge);

    const since2 = a.downs.length;
    const badJson = await handshakeAs(mallory, a.name, TEST_PORT, TEST_COOKIE);
    await a.waitUp(mallory);
    const body = Buffer.from('\x00\x01t{not json');
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length + 1, 0);
    frame[4] = 6;
    body.copy(frame, 5);
    badJson.write(frame);
    expect((await a.waitDown(mallory, since2)).reason).toBe('protocol_error');

    expect(a.transport.nodes()).toEqual([b.name]);
    expect(a.downs.every((d) => d.node === mallory)).toBe(true);
    expect(a.transport.send(b.name, 'still', 'here')).toBe(true);
    await b.waitMessages(1);
  });

  it('graceful leave: the peer reports shutdown, the leaver reports stopped', async () => {
    const a = await node('a', 21);
    const b = await startNode(`b@${addr(22)}`);
    await a.connect(b.name);
    await b.waitUp(a.name);
    const down = a.waitDown(b.name);
    await b.transport.stop();
    expect((await down).reason).toBe('shutdown');
    expect(b.downs).toEqual([{ node: a.name, reason: 'stopped', detail: undefined }]);
    expect(a.transport.nodes()).toEqual([]);
  });

  it('disconnect gives nodedown disconnect here and closed there', async () => {
    const a = await node('a', 23);
    const b = await node('b', 24);
    await a.connect(b.name);
    await b.waitUp(a.name);
    const there = b.waitDown(a.name);
    await a.transport.disconnect(b.name);
    expect(a.downs).toEqual([{ node: b.name, reason: 'disconnect', detail: undefined }]);
    expect((await there).reason).toBe('closed');
    expect(a.transport.nodes()).toEqual([]);
    // And it can connect again.
    await expect(b.connect(a.name)).resolves.toBe(true);
  });

  it('ticks keep an idle connection up, and a peer that stops reading goes down with tick_timeout', async () => {
    const a = await node('a', 25, { tickTime: 400 });
    const mute = name('mute', 26);
    const socket = await handshakeAs(mute, a.name, TEST_PORT, TEST_COOKIE);
    await a.waitUp(mute);
    socket.resume(); // reads a's ticks, never sends one
    const down = await a.waitDown(mute);
    expect(down.reason).toBe('tick_timeout');
    await closed(socket);
  });

  it('a dial whose signal fired rejects with MUSTER_ERR_CONNECT_ABORTED', async () => {
    const a = await node('a', 27);
    const controller = new AbortController();
    controller.abort();
    await expect(
      a.transport.dial(name('x', 28), { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'MUSTER_ERR_CONNECT_ABORTED',
    });
  });
});
