/**
 * Connect half of resolve-and-connect: one node connects to N peers and finishes the handshake
 * with each, against the raw limit (net connect + one 16-byte round trip per peer), same peers,
 * same concurrency, same run. Peers live in 4 child processes on distinct 127.100+ addresses.
 *
 *   npx tsx benchmarks/tcp-connect.ts --n 1000 [--concurrency 256] [--children 4]
 *   node --expose-gc --import tsx benchmarks/tcp-connect.ts --n 10000   (for memory numbers)
 *
 * Prints one JSON object.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { toNodeName } from '../src/core/node-name.js';
import { tcpTransportSchema } from '../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../src/transport/tcp/tcp-transport.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '256' },
    children: { type: 'string', default: '4' },
  },
});
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
const CHILDREN = Number(values.children);
const RAW_PORT = 4471;
const MUSTER_PORT = 4470;
const COOKIE = 'benchmark-cookie';

/** Peer i's address, inside 127.100.0.0 - 127.139.255.255, never .0 or .255. */
function peerHost(i: number): string {
  const a = 100 + Math.floor(i / (250 * 256));
  const b = Math.floor(i / 250) % 256;
  return `127.${a}.${b}.${(i % 250) + 1}`;
}
const SELF_HOST = '127.139.255.1';

const gc = (globalThis as { gc?: () => void }).gc;
function settledMemory(): { rss: number; heap: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

async function startChildren(hosts: string[]): Promise<ChildProcess[]> {
  const script = fileURLToPath(new URL('./tcp-peer-host.ts', import.meta.url));
  const per = Math.ceil(hosts.length / CHILDREN);
  return Promise.all(
    Array.from({ length: CHILDREN }, (_, c) => {
      const child = fork(script, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      return new Promise<ChildProcess>((resolve, reject) => {
        child.once('message', (m: { op: string; error?: string }) =>
          m.op === 'started' ? resolve(child) : reject(new Error(m.error)),
        );
        child.send({
          op: 'start',
          hosts: hosts.slice(c * per, (c + 1) * per),
          rawPort: RAW_PORT,
          musterPort: MUSTER_PORT,
          cookie: COOKIE,
        });
      });
    }),
  );
}

/** Runs `task` over 0..n-1 with at most `limit` in flight; returns failures. */
async function pool(
  n: number,
  limit: number,
  task: (i: number) => Promise<boolean>,
): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      if (!(await task(i))) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return failed;
}

function rawRoundTrip(host: string, sockets: net.Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: RAW_PORT, noDelay: true });
    sockets.push(socket);
    let got = 0;
    socket.once('connect', () => socket.write(Buffer.alloc(16, 7)));
    socket.on('data', (chunk) => {
      got += chunk.length;
      if (got >= 16) resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Phase {
  peersPerSecond: number;
  ms: number;
  cpuMs: number;
  failed: number;
}

async function measure(run: () => Promise<number>): Promise<Phase> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const failed = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    peersPerSecond: Math.round((N / ms) * 1000),
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    failed,
  };
}

async function rawPhase(hosts: string[]): Promise<Phase> {
  const sockets: net.Socket[] = [];
  const phase = await measure(() => pool(N, CONCURRENCY, (i) => rawRoundTrip(hosts[i]!, sockets)));
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.closed) return resolve();
          s.once('close', () => resolve());
          s.destroy();
        }),
    ),
  );
  return phase;
}

function quiet(children: ChildProcess[]): Promise<unknown> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('message', () => resolve());
          child.send({ op: 'quiet' });
        }),
    ),
  );
}

async function main(): Promise<void> {
  const hosts = Array.from({ length: N }, (_, i) => peerHost(i));
  const children = await startChildren(hosts);
  const names = hosts.map((h) => toNodeName(`peer@${h}`));

  // The first packets to a fresh 127.x.y.z address are slow on some kernels (per-destination
  // caches); one unmeasured pass makes both contenders start warm.
  const warmup = await rawPhase(hosts);
  const raw1 = await rawPhase(hosts);

  const options = tcpTransportSchema.parse({ kind: 'tcp', port: MUSTER_PORT, host: SELF_HOST });
  // Same courtesy for muster: one unmeasured pass (JIT, peers' code paths), then a fresh node.
  const warm = new TcpTransport(options, {
    logger: silentLogger(),
    clock: systemClock,
    cookie: COOKIE,
  });
  await warm.start(toNodeName(`warmup@${SELF_HOST}`));
  const musterWarmup = await measure(() => pool(N, CONCURRENCY, (i) => warm.connect(names[i]!)));
  await warm.stop();
  await quiet(children);
  const transport = new TcpTransport(options, {
    logger: silentLogger(),
    clock: systemClock,
    cookie: COOKIE,
  });
  await transport.start(toNodeName(`bench@${SELF_HOST}`));
  const before = settledMemory();
  const muster = await measure(() => pool(N, CONCURRENCY, (i) => transport.connect(names[i]!)));
  const connected = transport.nodes().length;
  const after = settledMemory();
  await transport.stop();
  await quiet(children);

  const raw2 = await rawPhase(hosts);
  const rawBest = Math.max(raw1.peersPerSecond, raw2.peersPerSecond);

  for (const c of children) c.kill('SIGKILL');
  const result = {
    benchmark: 'tcp-connect',
    n: N,
    concurrency: CONCURRENCY,
    children: CHILDREN,
    node: process.version,
    warmup: { raw: warmup.peersPerSecond, muster: musterWarmup.peersPerSecond },
    raw: { first: raw1, second: raw2 },
    muster: { ...muster, connected },
    ratioVsBestRaw: Number((muster.peersPerSecond / rawBest).toFixed(3)),
    ratioVsMeanRaw: Number(
      ((2 * muster.peersPerSecond) / (raw1.peersPerSecond + raw2.peersPerSecond)).toFixed(3),
    ),
    memoryPerIdleConnection: {
      gc: gc !== undefined,
      rssBytes: Math.round((after.rss - before.rss) / N),
      heapAndBuffersBytes: Math.round((after.heap - before.heap) / N),
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
