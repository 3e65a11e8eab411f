import { afterEach, describe, expect, it, vi } from 'vitest';
import { toNodeName } from '../../../src/core/node-name.js';
import { startNode, TEST_COOKIE, TEST_PORT, type TestNode } from '../../helpers/tcp-nodes.js';
import { PeerProcess } from '../../helpers/tcp-peer-client.js';
import type { PeerState } from '../../helpers/tcp-peer-process.js';

// This file's addresses: 127.21.0.0/16.
const procs: PeerProcess[] = [];
const nodes: TestNode[] = [];

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.transport.stop()));
  await Promise.all(procs.splice(0).map((p) => p.close()));
});

async function spawnPeers(names: string[], tickTime?: number): Promise<PeerProcess> {
  const p = new PeerProcess();
  procs.push(p);
  const ok = await p.request({
    op: 'start',
    names,
    port: TEST_PORT,
    cookie: TEST_COOKIE,
    ...(tickTime ? { tickTime } : {}),
  });
  expect(ok).toBe(true);
  return p;
}

describe('TcpTransport across processes', () => {
  it('reports a child killed with SIGKILL as down', async () => {
    const local = await startNode('parent@127.21.0.1', { tickTime: 400 });
    nodes.push(local);
    const child = await spawnPeers(['child@127.21.0.2'], 400);
    const remote = toNodeName('child@127.21.0.2');
    await expect(local.connect(remote)).resolves.toBe(true);
    const down = local.waitDown(remote);
    child.child.kill('SIGKILL');
    expect(['closed', 'tick_timeout']).toContain((await down).reason);
    expect(local.transport.nodes()).toEqual([]);
  });

  it('a child leaving gracefully is reported with reason shutdown', async () => {
    const local = await startNode('parent@127.21.0.3');
    nodes.push(local);
    const child = await spawnPeers(['child@127.21.0.4']);
    const remote = toNodeName('child@127.21.0.4');
    await expect(child.request({ op: 'connect', from: remote, to: local.name })).resolves.toBe(
      true,
    );
    await local.waitUp(remote);
    const down = local.waitDown(remote);
    await child.request({ op: 'stop' });
    expect((await down).reason).toBe('shutdown');
  });

  it('8 nodes in 2 processes dialing each other at once end with one connection per pair', async () => {
    const left = Array.from({ length: 4 }, (_, i) => `n${i}@127.21.1.${i + 1}`);
    const right = Array.from({ length: 4 }, (_, i) => `n${i + 4}@127.21.1.${i + 5}`);
    const all = [...left, ...right].map(toNodeName).sort();
    const a = await spawnPeers(left);
    const b = await spawnPeers(right);
    const [okA, okB] = await Promise.all([
      a.request({ op: 'connectAll', names: all }),
      b.request({ op: 'connectAll', names: all }),
    ]);
    expect(okA).toBe(true);
    expect(okB).toBe(true);
    await vi.waitFor(
      async () => {
        const states = await Promise.all([
          a.request<PeerState>({ op: 'state' }),
          b.request<PeerState>({ op: 'state' }),
        ]);
        for (const s of states) {
          for (const [self, peers] of Object.entries(s.nodes)) {
            expect(peers).toEqual(all.filter((n) => n !== self));
            expect(s.sockets[self]).toBe(all.length - 1);
          }
        }
      },
      { timeout: 10_000, interval: 50 },
    );
    // Each pair has one nodeup per side and no flapping.
    for (const p of [a, b]) {
      expect(p.events.filter((e) => e.op === 'nodedown')).toEqual([]);
      expect(p.events.filter((e) => e.op === 'nodeup')).toHaveLength(4 * 7);
    }
  });
});
