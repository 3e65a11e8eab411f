import { afterEach, describe, expect, it } from 'vitest';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { fate, openSocket, startLoggedNode, WARN } from './security-helpers.js';

// This file's addresses: 127.134.2.0/24.
// Issue 14, case 2: 5,000 silent connections were all held (+17 MiB, 5,000 warn lines).
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

describe('caps on sockets in the handshake', () => {
  it('closes sockets over the per-address and per-node caps, warns once, counts them', async () => {
    const { node: a, logs } = await startLoggedNode('a@127.134.2.1', {
      maxHandshakes: 6,
      maxHandshakesPerAddress: 4,
    });
    started.push(a);
    const open = (from: string) => openSocket('127.134.2.1', TEST_PORT, from);
    const fates = async (from: string, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(await fate(await open(from)));
      return out;
    };
    // One address may hold 4; the fifth is closed without a challenge.
    expect(await fates('127.134.2.10', 5)).toEqual([
      'greeted',
      'greeted',
      'greeted',
      'greeted',
      'closed',
    ]);
    // Another address fills the node's 6; a third address finds it full.
    expect(await fates('127.134.2.11', 2)).toEqual(['greeted', 'greeted']);
    expect(await fates('127.134.2.12', 2)).toEqual(['closed', 'closed']);
    const stats = a.transport.stats();
    expect(stats.handshaking).toBe(6);
    expect(stats.handshakesRefused).toBe(3);
    const capWarnings = logs.filter(
      (l) => l.level === WARN && l.msg === 'too many sockets in the handshake: closing new ones',
    );
    expect(capWarnings).toHaveLength(1);
  });

  it('frees a slot when a stranger leaves, and a real peer gets in through it', async () => {
    const a = await startNode('a@127.134.2.2', { maxHandshakes: 2 });
    const b = await startNode('b@127.134.2.3');
    started.push(a, b);
    const first = await openSocket('127.134.2.2', TEST_PORT, '127.134.2.20');
    const second = await openSocket('127.134.2.2', TEST_PORT, '127.134.2.21');
    await Promise.all([fate(first), fate(second)]);
    // Full: b's dial is closed on accept.
    await expect(b.connect(a.name)).resolves.toBe(false);
    const gone = new Promise((resolve) => first.once('close', resolve));
    first.destroy();
    await gone;
    // The slot is released when a sees the close; b's next dial may race it, so retry once.
    const ok = (await b.connect(a.name)) || (await b.connect(a.name));
    expect(ok).toBe(true);
    second.destroy();
  });
});
