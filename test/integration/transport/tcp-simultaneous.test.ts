import { afterEach, describe, expect, it, vi } from 'vitest';
import { startNode, type TestNode } from '../../helpers/tcp-nodes.js';

// This file's addresses: 127.22.0.0/16.
const started: TestNode[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

async function cluster(count: number, subnet: number): Promise<TestNode[]> {
  const out = await Promise.all(
    Array.from({ length: count }, (_, i) => startNode(`n${i}@127.22.${subnet}.${i + 1}`)),
  );
  started.push(...out);
  return out;
}

describe('simultaneous connect', () => {
  it('two nodes dialing each other at once keep exactly one connection', async () => {
    for (let round = 0; round < 20; round++) {
      const [a, b] = await cluster(2, 1);
      const [ab, ba] = await Promise.all([a!.connect(b!.name), b!.connect(a!.name)]);
      expect(ab).toBe(true);
      expect(ba).toBe(true);
      await vi.waitFor(() => {
        expect(a!.transport.stats().sockets).toBe(1);
        expect(b!.transport.stats().sockets).toBe(1);
      });
      expect(a!.ups).toEqual([b!.name]);
      expect(b!.ups).toEqual([a!.name]);
      expect([...a!.downs, ...b!.downs]).toEqual([]);
      await Promise.all(started.splice(0).map((n) => n.transport.stop()));
    }
  });

  it('8 nodes all dialing all at once: N(N-1)/2 connections, one nodeup per pair and side', async () => {
    const n = 8;
    const nodes = await cluster(n, 2);
    const results = await Promise.all(
      nodes.flatMap((a) => nodes.filter((b) => b !== a).map((b) => a.connect(b.name))),
    );
    expect(results.every(Boolean)).toBe(true);
    await vi.waitFor(() => {
      const sockets = nodes.reduce((sum, x) => sum + x.transport.stats().sockets, 0);
      // Every connection has two ends in this process.
      expect(sockets).toBe(n * (n - 1));
    });
    for (const x of nodes) {
      expect(x.transport.nodes().sort()).toEqual(
        nodes
          .filter((y) => y !== x)
          .map((y) => y.name)
          .sort(),
      );
      expect(x.ups).toHaveLength(n - 1);
      expect(x.downs).toEqual([]);
    }
    // The survivor of each pair is the connection dialed by the smaller name.
    const accepted = nodes.reduce((sum, x) => sum + x.transport.stats().accepted, 0);
    expect(accepted).toBeGreaterThanOrEqual((n * (n - 1)) / 2);
  });
});
