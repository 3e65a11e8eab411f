import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { names, portPlease, registerNode } from '../../../src/epmd/epmd-client.js';
import { EpmdError, EpmdNameTakenError } from '../../../src/epmd/epmd-errors.js';
import { decodeAlive2Response } from '../../../src/epmd/epmd-replies.js';
import { encodeAlive2Request } from '../../../src/epmd/epmd-requests.js';
import { EpmdServer } from '../../../src/epmd/epmd-server.js';

const HOST = '127.30.20.1';
const servers: EpmdServer[] = [];
const sockets: Socket[] = [];

async function startServer(options: { idleTimeout?: number; maxRequestBytes?: number } = {}) {
  const server = new EpmdServer({ host: HOST, port: 0, ...options });
  servers.push(server);
  await server.start();
  return server;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port }, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Resolves with everything the server sent once it closed the connection. */
function untilClosed(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))));
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe('EpmdServer semantics', () => {
  it('keeps a registration exactly as long as its connection', async () => {
    const server = await startServer();
    const unregistered = new Promise((resolve) => server.once('unregister', resolve));
    const reg = await registerNode(HOST, server.port, { name: 'alpha', port: 5000 });
    expect(server.names().map((e) => e.name)).toEqual(['alpha']);
    expect(await names(HOST, server.port)).toEqual([{ name: 'alpha', port: 5000 }]);
    await reg.close();
    await unregistered;
    expect(await names(HOST, server.port)).toEqual([]);
  });

  it('answers result 1 to a taken name and keeps the first owner', async () => {
    const server = await startServer();
    const first = await registerNode(HOST, server.port, { name: 'alpha', port: 5000 });
    await expect(
      registerNode(HOST, server.port, { name: 'alpha', port: 6000 }),
    ).rejects.toBeInstanceOf(EpmdNameTakenError);
    expect((await portPlease(HOST, server.port, 'alpha'))?.port).toBe(5000);
    await first.close();
  });

  it('gives every registration a fresh creation, 16-bit for old clients', async () => {
    const server = await startServer();
    const a = await registerNode(HOST, server.port, { name: 'a', port: 1 });
    const b = await registerNode(HOST, server.port, { name: 'b', port: 2 });
    expect(a.creation).not.toBe(b.creation);
    expect(a.creation).toBeGreaterThanOrEqual(4);

    const socket = await open(server.port);
    const reply = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    socket.write(
      encodeAlive2Request({
        name: 'old',
        port: 3,
        nodeType: 77,
        protocol: 0,
        highestVersion: 5,
        lowestVersion: 5,
        extra: new Uint8Array(0),
      }),
    );
    const decoded = decodeAlive2Response(await reply);
    expect(decoded?.value.extended).toBe(false);
    expect(decoded?.value.result).toBe(0);
    expect(decoded?.value.creation).toBeGreaterThanOrEqual(1);
    expect(decoded?.value.creation).toBeLessThanOrEqual(3);
    await Promise.all([a.close(), b.close()]);
  });

  it('closes after a PORT_PLEASE2 or NAMES reply', async () => {
    const server = await startServer();
    const s1 = await open(server.port);
    const closed1 = untilClosed(s1);
    s1.write(Buffer.from([0, 1, 110]));
    expect((await closed1).readUInt32BE(0)).toBe(server.port);
    const s2 = await open(server.port);
    const closed2 = untilClosed(s2);
    s2.write(Buffer.from([0, 2, 122, 0x78]));
    expect([...(await closed2)]).toEqual([119, 1]);
  });

  it('closes an idle connection that never sends a request', async () => {
    const server = await startServer({ idleTimeout: 100 });
    const socket = await open(server.port);
    expect((await untilClosed(socket)).length).toBe(0);
  });

  it('closes a connection announcing an oversized request, or sending garbage', async () => {
    const server = await startServer({ maxRequestBytes: 64 });
    const big = await open(server.port);
    const bigClosed = untilClosed(big);
    big.write(Buffer.from([0x10, 0x00, 120]));
    expect((await bigClosed).length).toBe(0);
    const junk = await open(server.port);
    const junkClosed = untilClosed(junk);
    junk.write(Buffer.from([0, 3, 99, 1, 2]));
    expect((await junkClosed).length).toBe(0);
    // and is still serving
    expect(await names(HOST, server.port)).toEqual([]);
  });

  it('reads a request split across TCP writes', async () => {
    const server = await startServer();
    const socket = await open(server.port);
    const closed = untilClosed(socket);
    socket.write(Buffer.from([0]));
    await new Promise((r) => setImmediate(r));
    socket.write(Buffer.from([1]));
    await new Promise((r) => setImmediate(r));
    socket.write(Buffer.from([110]));
    expect((await closed).length).toBe(4);
  });

  it('ends every registration when it stops', async () => {
    const server = await startServer();
    const reg = await registerNode(HOST, server.port, { name: 'alpha', port: 5000 });
    const lost = new Promise((resolve) => reg.once('close', resolve));
    await server.stop();
    expect(await lost).toMatchObject({ expected: false });
    expect(reg.active).toBe(false);
  });

  it('fails a client that the server cut off with a typed error', async () => {
    const server = await startServer({ maxRequestBytes: 4 });
    const err = await registerNode(HOST, server.port, { name: 'toolong', port: 1 }).catch(
      (e: unknown) => e,
    );
    // A clean close reads as "no reply" (protocol); a reset as unreachable.
    expect(err).toBeInstanceOf(EpmdError);
    expect(['MUSTER_ERR_EPMD_PROTOCOL', 'MUSTER_ERR_EPMD_UNREACHABLE']).toContain(
      (err as EpmdError).code,
    );
  });
});
