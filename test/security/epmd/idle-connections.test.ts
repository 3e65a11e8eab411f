import { afterEach, describe, expect, it } from 'vitest';
import { names, portPlease, registerNode } from '../../../src/epmd/epmd-client.js';
import { defaultServer, type Flood, openIdle } from './epmd-flood.js';

// Attack: hold thousands of connections to the embedded EPMD that never send a request (or
// send it a byte at a time). The code this started from refused every connection past 4,096
// for the 60 s idle timeout, so nobody could ask a port. Expected: queries are always served,
// idle connections are cut within seconds of opening, one address holds at most its share.

const SERVER = '127.132.3.1';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const server = () => defaultServer(SERVER, cleanups);

function track(flood: Flood): Flood {
  cleanups.push(() => flood.destroy());
  return flood;
}

describe('security: idle connections to the embedded EPMD', () => {
  it('4,200 idle connections from one address: queries from it and others still served', async () => {
    const s = await server();
    const reg = await registerNode(SERVER, s.port, { name: 'hello', port: 4242 });
    cleanups.push(() => reg.close());
    const flood = track(
      await openIdle({ host: SERVER, port: s.port, count: 4_200, localAddress: '127.132.3.2' }),
    );
    expect(await portPlease(SERVER, s.port, 'hello', { timeout: 2_000 })).toMatchObject({
      port: 4242,
    });
    expect((await names(SERVER, s.port, { timeout: 2_000 })).map((n) => n.name)).toEqual(['hello']);
    // One address keeps at most its share open; the rest was cut to make room.
    expect(flood.closedByServer()).toBeGreaterThanOrEqual(4_200 - 64);
    expect(reg.active).toBe(true);
  });

  it('idle connections from many addresses are cut within seconds, even trickling bytes', async () => {
    const s = await server();
    // 100 source addresses x 11 connections: past the global pool, not the per-address cap.
    const flood = track(
      await openIdle({
        host: SERVER,
        port: s.port,
        count: 1_100,
        localAddress: (i) => `127.132.4.${1 + (i % 100)}`,
      }),
    );
    const trickle = track(
      await openIdle({ host: SERVER, port: s.port, count: 1, localAddress: '127.132.3.4' }),
    );
    // Half a request, then one more byte every 200 ms: the cut is counted from the opening.
    trickle.sockets[0]!.write(Buffer.of(0));
    const drip = setInterval(() => trickle.sockets[0]!.write(Buffer.of(0)), 200);
    cleanups.push(() => clearInterval(drip));
    expect(await names(SERVER, s.port, { timeout: 2_000 })).toEqual([]);
    // Every idle socket is closed by the server (5 s after opening by default), not by us.
    await flood.allClosed;
    await trickle.allClosed;
    expect(flood.closedByServer()).toBe(1_100);
    expect(trickle.closedByServer()).toBe(1);
  });
});
