import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TcpTransportStats } from '../../src/transport/tcp/tcp-transport.js';
import { hasPeerBinary } from '../helpers/real-peer.js';
import { startNode, TEST_COOKIE, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { fate, openSocket } from './security-helpers.js';

// This file's addresses: 127.134.3.0/24.
// Issue 14, case 2: with the descriptor limit at 1,024, about 1,100 silent sockets locked real
// peers out. Here the node runs in a child whose limit is 400 descriptors; an attacker opens
// 700 silent sockets from one address; a real peer (from another address) must still connect
// while the attacker holds every slot its address may have.
const hasPrlimit = hasPeerBinary('prlimit');
const DESCRIPTORS = 400;
const PER_ADDRESS = 256; // the default maxHandshakesPerAddress
const children: ChildProcess[] = [];
const nodes: TestNode[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.transport.stop()));
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function request(child: ChildProcess): Promise<{ stats: TcpTransportStats; nodes: string[] }> {
  const reply = once(child, 'message').then(([m]) => m as { stats: TcpTransportStats; nodes: [] });
  child.send({ op: 'stats' });
  return reply;
}

describe.skipIf(!hasPrlimit)('a node at its descriptor limit (needs prlimit)', () => {
  it('keeps admitting a real peer while an attacker holds the rest', async () => {
    const script = fileURLToPath(new URL('./fixtures/limited-node.ts', import.meta.url));
    const config = {
      name: 'victim@127.134.3.1',
      port: TEST_PORT,
      cookie: TEST_COOKIE,
      // Long enough that no attacker socket times out during the test.
      options: { handshakeTimeout: 120_000 },
    };
    const child = spawn(
      'prlimit',
      [
        `--nofile=${DESCRIPTORS}:${DESCRIPTORS}`,
        process.execPath,
        '--import',
        'tsx',
        script,
        JSON.stringify(config),
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    children.push(child);
    await once(child, 'message');

    const outcomes: string[] = [];
    for (let i = 0; i < 700; i++) {
      const s = await openSocket('127.134.3.1', TEST_PORT, '127.134.3.66');
      sockets.push(s);
      outcomes.push(await fate(s));
    }
    expect(outcomes.filter((o) => o === 'greeted')).toHaveLength(PER_ADDRESS);

    const peer = await startNode('peer@127.134.3.2');
    nodes.push(peer);
    await expect(peer.connect('victim@127.134.3.1' as never)).resolves.toBe(true);
    const { stats, nodes: up } = await request(child);
    expect(up).toEqual([peer.name]);
    // The attacker still holds its slots: the peer got in beside them, not after them.
    expect(stats.handshaking).toBe(PER_ADDRESS);
    expect(stats.handshakesRefused).toBe(700 - PER_ADDRESS);
  }, 60_000);
});
