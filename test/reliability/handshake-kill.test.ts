import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toNodeName } from '../../src/core/node-name.js';
import { encodeHello } from '../../src/transport/tcp/handshake-codec.js';
import { ChallengePool } from '../../src/transport/tcp/handshake-crypto.js';
import { type Recorded, recordedCluster, staticTopology, upOn } from './cluster-helpers.js';

// This file owns 127.70.4.0/24. A raw child process is SIGKILLed mid-handshake, both ways.
const ip = (n: number) => `127.70.4.${n}`;
const app = (n: number) => `app@${ip(n)}`;

/** Dials host:port, writes the hex bytes, says `sent`, then waits to be killed. */
const DIALER = `
const net = require('node:net');
const [host, port, hex] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) }, () => {
  s.write(Buffer.from(hex, 'hex'), () => process.stdout.write('sent\\n'));
});
s.on('data', () => {});
s.on('error', () => {});
setInterval(() => {}, 1 << 30);`;

/** Listens on host:port; on each accepted socket writes the hex bytes, then says `got`. */
const ACCEPTOR = `
const net = require('node:net');
const [host, port, hex] = process.argv.slice(1);
const server = net.createServer((s) => {
  s.write(Buffer.from(hex, 'hex'), () => process.stdout.write('got\\n'));
  s.on('data', () => {});
  s.on('error', () => {});
});
server.listen(Number(port), host, () => process.stdout.write('listening\\n'));
setInterval(() => {}, 1 << 30);`;

const clusters: Recorded[] = [];
const children = new Set<ChildProcess>();

afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  await Promise.all(clusters.splice(0).map((r) => r.cluster.stop()));
});

async function mesh(self: number, others: number[]): Promise<Recorded> {
  const all = [self, ...others].map(app);
  const made = [self, ...others].map((n) => recordedCluster(app(n), staticTopology(all)));
  clusters.push(...made);
  await Promise.all(made.map((r) => r.cluster.start()));
  const a = made[0]!;
  await Promise.all(others.map((n) => upOn(a.cluster, app(n))));
  return a;
}

/** Spawns a raw child and resolves once it printed `line`. */
async function child(script: string, args: string[], line: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(c);
  const lines = createInterface({ input: c.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (l) => l === line && resolve());
    c.once('exit', (code) => reject(new Error(`raw child exited (${code}) before '${line}'`)));
  });
  return c;
}

async function kill9(c: ChildProcess): Promise<void> {
  const exited = once(c, 'exit');
  c.kill('SIGKILL');
  await exited;
  children.delete(c);
}

describe('kill -9 of a peer during the handshake', () => {
  it('a dialer killed after any prefix of its hello: its socket goes, the mesh stays', async () => {
    const a = await mesh(1, [2, 3]);
    const hello = encodeHello(
      new ChallengePool().next(),
      Buffer.alloc(32),
      toNodeName(`mallory@${ip(9)}`),
      toNodeName(app(1)),
    );
    // Nothing, part of the length, the header, half, all but one byte, all of it.
    const cuts = [0, 2, 5, 6, hello.length >> 1, hello.length - 1, hello.length];
    for (const cut of cuts) {
      const before = a.transport().stats().accepted;
      const c = await child(
        DIALER,
        [ip(1), '4370', hello.subarray(0, cut).toString('hex')],
        'sent',
      );
      await vi.waitFor(() => expect(a.transport().stats().accepted).toBe(before + 1));
      await kill9(c);
      await vi.waitFor(() => expect(a.transport().stats().sockets).toBe(2));
    }
    expect(a.cluster.nodes().sort()).toEqual([app(2), app(3)]);
    expect(a.ups.sort()).toEqual([app(2), app(3)]);
    expect(a.downs).toEqual([]);
    expect(a.cluster.send(app(2), 't', 1)).toBe(true);
  });

  it('an acceptor killed mid-handshake: the dial fails, is retried, and succeeds once it is back', async () => {
    const victim = app(5);
    const all = [app(1), app(2), app(3), victim];
    const a = recordedCluster(app(1), staticTopology(all));
    const b = recordedCluster(app(2), staticTopology([app(1), app(2), app(3)]));
    const c3 = recordedCluster(app(3), staticTopology([app(1), app(2), app(3)]));
    clusters.push(a, b, c3);
    await Promise.all([a, b, c3].map((r) => r.cluster.start()));
    await Promise.all([upOn(a.cluster, app(2)), upOn(a.cluster, app(3))]);
    // Half a challenge frame: a length prefix promising 100 bytes, a type, a few of them.
    const half = Buffer.from([0, 0, 0, 100, 2, 1, 9, 9, 9, 9]).toString('hex');
    for (let round = 0; round < 5; round++) {
      // `got` means a's socket was accepted and nothing or half a challenge went back.
      const c = await child(ACCEPTOR, [ip(5), '4370', round % 2 ? half : ''], 'got');
      await kill9(c);
      await vi.waitFor(() => expect(a.transport().stats().sockets).toBe(2));
    }
    expect(a.ups.sort()).toEqual([app(2), app(3)]);
    expect(a.downs).toEqual([]);
    expect(a.cluster.stats().connectFailures).toBeGreaterThanOrEqual(5);
    // The real node comes up at that address: a's retries reach it.
    const real = recordedCluster(victim, staticTopology(all));
    clusters.push(real);
    await real.cluster.start();
    await upOn(a.cluster, victim);
    expect(a.cluster.nodes().sort()).toEqual([app(2), app(3), victim]);
  });
});
