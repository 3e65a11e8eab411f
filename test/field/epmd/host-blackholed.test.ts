// Source: bitwalker/libcluster#179 (`:erl_epmd.names()` hung about 30 s and then failed, crashing the application, on a host whose EPMD could not be reached)
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { registerNode } from '../../../src/epmd/epmd-client.js';
import { EpmdServer } from '../../../src/epmd/epmd-server.js';
import { freePort } from '../../helpers/epmd-peers.js';
import { manualEpmdStrategy } from './epmd-field.js';

// Situation: one of the hosts the strategy asks accepts the connection to its EPMD port and
// never answers (a half-dead host, a firewall that swallows). Expected: that host costs one
// request timeout, not the poll; the other hosts' nodes are reported, the silent host's
// last known nodes are kept, and it is a warning for that host only.

const A = '127.132.8.1';
const B = '127.132.8.2';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function epmd(host: string, port: number): Promise<EpmdServer> {
  const s = new EpmdServer({ host, port });
  await s.start();
  return s;
}

/** Accepts every connection on host:port and never writes a byte. */
async function blackhole(host: string, port: number): Promise<Server> {
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of held) s.destroy();
        server.close(() => resolve());
      }),
  );
  return server;
}

describe('field: an EPMD host that accepts and never answers', () => {
  it('is a warning for that host; the others count and its nodes are kept', async () => {
    const port = await freePort([A, B]);
    const a = await epmd(A, port);
    cleanups.push(() => a.stop());
    const b = await epmd(B, port);
    for (const [host, name] of [
      [A, 'web'],
      [B, 'worker'],
    ] as const) {
      const reg = await registerNode(host, port, { name, port: 5_000 });
      cleanups.push(() => reg.close());
    }
    const { strategy, warnings, errors } = manualEpmdStrategy(
      { hosts: [A, B], epmdPort: port, timeout: 300 },
      A,
    );
    cleanups.push(() => strategy.stop());
    await strategy.start();
    await strategy.ready;
    expect([...strategy.known()].sort()).toEqual([`web@${A}`, `worker@${B}`]);

    await b.stop();
    await blackhole(B, port);
    const later = await registerNode(A, port, { name: 'web2', port: 5_001 });
    cleanups.push(() => later.close());
    await strategy.pollNow();

    expect([...strategy.known()].sort()).toEqual([`web2@${A}`, `web@${A}`, `worker@${B}`]);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['MUSTER_ERR_EPMD_TIMEOUT']);
    expect(warnings[0]!.message).toContain(B);
  });
});
