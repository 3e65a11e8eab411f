/**
 * Connect half of resolve-and-connect: one node connects to N peers and finishes the handshake
 * with each, against the raw limit (net connect + one 16-byte round trip per peer), with the same
 * peers, the same concurrency, in the same run. Peers live in child processes on distinct
 * 127.100+ addresses; each child hosts, per address, a raw echo server and a muster transport.
 *
 * Both contenders get an unmeasured warm-up pass, then `--rounds` measured rounds alternate
 * (raw, muster, muster, raw, ...) so drift on a shared machine hits both alike. Each round's
 * ratio is muster over the raw round next to it; the headline is the median of those ratios.
 *
 *   node --expose-gc --import tsx benchmarks/tcp-connect.ts --n 10000 [--rounds 3]
 *     [--concurrency 256] [--children 4] [--only raw|muster] [--shape] [--prof DIR]
 *
 * `--shape` adds a third contender, still without the library: the handshake's message pattern
 * over plain `net` (connect, 16 bytes in, 16 out, 16 in: three messages, like challenge, hello,
 * proof). It separates what the protocol's shape costs from what the code costs.
 * `--prof DIR` runs the children with `--cpu-prof` (the parent: run node with `--cpu-prof`).
 * Prints one JSON object on stdout.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { type NodeName, toNodeName } from '../src/core/node-name.js';
import { tcpTransportSchema } from '../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../src/transport/tcp/tcp-transport.js';
import { median } from './lib/measure.js';
import { closeAll, pool, roundTrip } from './lib/raw-connect.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '256' },
    children: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    prof: { type: 'string' },
    shape: { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
const CHILDREN = Number(values.children);
const ROUNDS = Number(values.rounds);
const RUN_RAW = values.only !== 'muster';
const RUN_MUSTER = values.only !== 'raw';
const RUN_SHAPE = values.shape === true;
const RAW_PORT = 4471;
const SHAPE_PORT = 4472;
const MUSTER_PORT = 4470;
const COOKIE = 'benchmark-cookie-not-secret';

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
  // `external` already includes `arrayBuffers` (socket buffers and the like).
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

/** Sends `cmd` to a child and resolves with its next reply of kind `op`. */
function ask<T>(child: ChildProcess, cmd: object, op: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { op: string; error?: string }) => {
      if (m.op === 'error') reject(new Error(m.error));
      else if (m.op !== op) return;
      else resolve(m as T);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.send(cmd);
  });
}

async function startChildren(hosts: string[]): Promise<ChildProcess[]> {
  const script = fileURLToPath(new URL('./tcp-peer-host.ts', import.meta.url));
  const per = Math.ceil(hosts.length / CHILDREN);
  const profArgs = values.prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.prof}`];
  return Promise.all(
    Array.from({ length: CHILDREN }, async (_, c) => {
      const child = fork(script, [], {
        execArgv: [...profArgs, '--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const cmd = {
        op: 'start',
        hosts: hosts.slice(c * per, (c + 1) * per),
        rawPort: RAW_PORT,
        musterPort: MUSTER_PORT,
        cookie: COOKIE,
        ...(RUN_SHAPE ? { shapePort: SHAPE_PORT } : {}),
      };
      await ask(child, cmd, 'started');
      return child;
    }),
  );
}

async function childrenCpuMicros(children: ChildProcess[]): Promise<number> {
  const all = await Promise.all(
    children.map((c) => ask<{ micros: number }>(c, { op: 'cpu' }, 'cpu')),
  );
  return all.reduce((sum, m) => sum + m.micros, 0);
}

const quiet = (children: ChildProcess[]) =>
  Promise.all(children.map((c) => ask(c, { op: 'quiet' }, 'quiet')));

const rawRoundTrip = (host: string, sockets: net.Socket[]) => roundTrip(host, RAW_PORT, sockets);

/**
 * The handshake's shape without the library: the acceptor speaks first (16 bytes in), the
 * dialer answers (16 out), the acceptor answers that (16 in): one write by the dialer.
 */
function rawShape(host: string, sockets: net.Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: SHAPE_PORT, noDelay: true });
    sockets.push(socket);
    let got = 0;
    let answered = false;
    socket.on('data', (chunk) => {
      got += chunk.length;
      if (!answered && got >= 16) {
        answered = true;
        socket.write(Buffer.alloc(16, 8));
      }
      if (got >= 32) resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Phase {
  peersPerSecond: number;
  ms: number;
  /** CPU of this process, and of all peer hosts together, per connection. */
  cpuMicrosPerConn: number;
  childCpuMicrosPerConn: number;
  failed: number;
}

async function measure(children: ChildProcess[], run: () => Promise<number>): Promise<Phase> {
  const child0 = await childrenCpuMicros(children);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const failed = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const child1 = await childrenCpuMicros(children);
  return {
    peersPerSecond: Math.round((N / ms) * 1000),
    ms: Math.round(ms),
    cpuMicrosPerConn: Math.round((cpu.user + cpu.system) / N),
    // Includes the few IPC replies of the measurement itself (negligible at N >= 1,000).
    childCpuMicrosPerConn: Math.round((child1 - child0) / N),
    failed,
  };
}

async function rawPhase(
  children: ChildProcess[],
  hosts: string[],
  dial = rawRoundTrip,
): Promise<Phase> {
  const sockets: net.Socket[] = [];
  const phase = await measure(children, () =>
    pool(N, CONCURRENCY, (i) => dial(hosts[i]!, sockets)),
  );
  await closeAll(sockets);
  return phase;
}

interface MusterPhase extends Phase {
  connected: number;
  memoryPerIdleConnection: { rssBytes: number; heapAndBuffersBytes: number };
}

const NEVER_ABORTED = new AbortController().signal;

async function musterPhase(
  children: ChildProcess[],
  names: NodeName[],
  self: string,
): Promise<MusterPhase> {
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: MUSTER_PORT, host: SELF_HOST });
  const transport = new TcpTransport(options, {
    logger: silentLogger(),
    clock: systemClock,
    cookie: COOKIE,
  });
  await transport.start(toNodeName(`${self}@${SELF_HOST}`));
  // Let the previous phase's lingering sockets (1 s at most) go before the memory baseline.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const before = settledMemory();
  const phase = await measure(children, () =>
    pool(N, CONCURRENCY, (i) =>
      transport.dial(names[i]!, { signal: NEVER_ABORTED }).then(
        () => true,
        () => false,
      ),
    ),
  );
  const connected = transport.nodes().length;
  const after = settledMemory();
  await transport.stop();
  await quiet(children);
  return {
    ...phase,
    connected,
    memoryPerIdleConnection: {
      rssBytes: Math.round((after.rss - before.rss) / N),
      heapAndBuffersBytes: Math.round((after.heap - before.heap) / N),
    },
  };
}

const medianOf = <T>(rows: T[], pick: (r: T) => number) => median(rows.map(pick));

async function main(): Promise<void> {
  const hosts = Array.from({ length: N }, (_, i) => peerHost(i));
  const children = await startChildren(hosts);
  const names = hosts.map((h) => toNodeName(`peer@${h}`));

  // Unmeasured warm-up of both: the first packets to a fresh 127.x.y.z address are slow on some
  // kernels (per-destination caches), and JIT warms up on both ends.
  if (RUN_RAW) await rawPhase(children, hosts);
  if (RUN_MUSTER) await musterPhase(children, names, 'warmup');
  if (RUN_SHAPE) await rawPhase(children, hosts, rawShape);

  const raw: Phase[] = [];
  const muster: MusterPhase[] = [];
  const ratios: number[] = [];
  const shape: Phase[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const m =
      RUN_MUSTER && r % 2 === 1 ? await musterPhase(children, names, `bench${r}`) : undefined;
    const b = RUN_RAW ? await rawPhase(children, hosts) : undefined;
    const m2 = RUN_MUSTER && r % 2 === 0 ? await musterPhase(children, names, `bench${r}`) : m;
    if (RUN_SHAPE) shape.push(await rawPhase(children, hosts, rawShape));
    if (b !== undefined) raw.push(b);
    if (m2 !== undefined) muster.push(m2);
    if (b !== undefined && m2 !== undefined) ratios.push(m2.peersPerSecond / b.peersPerSecond);
  }
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          c.once('exit', resolve);
          c.send({ op: 'stop' });
        }),
    ),
  );

  const summary = <T extends Phase>(rows: T[]) =>
    rows.length === 0
      ? undefined
      : {
          peersPerSecond: medianOf(rows, (p) => p.peersPerSecond),
          cpuMicrosPerConn: medianOf(rows, (p) => p.cpuMicrosPerConn),
          childCpuMicrosPerConn: medianOf(rows, (p) => p.childCpuMicrosPerConn),
          failed: rows.reduce((s, p) => s + p.failed, 0),
        };
  const result = {
    benchmark: 'tcp-connect',
    n: N,
    concurrency: CONCURRENCY,
    children: CHILDREN,
    rounds: ROUNDS,
    node: process.version,
    gc: gc !== undefined,
    raw: summary(raw),
    muster: summary(muster) && {
      ...summary(muster),
      connected: Math.min(...muster.map((m) => m.connected)),
      memoryPerIdleConnection: {
        rssBytes: medianOf(muster, (m) => m.memoryPerIdleConnection.rssBytes),
        heapAndBuffersBytes: medianOf(muster, (m) => m.memoryPerIdleConnection.heapAndBuffersBytes),
      },
    },
    /** Median over rounds of muster's rate / the raw rate measured next to it. */
    ratio: ratios.length === 0 ? undefined : Number(median(ratios).toFixed(3)),
    ratios: ratios.map((x) => Number(x.toFixed(3))),
    /** With --shape: plain net with the handshake's three messages, and its rate over raw's. */
    shape: summary(shape),
    shapeVsRaw:
      shape.length === 0 || raw.length === 0
        ? undefined
        : Number(
            (
              medianOf(shape, (p) => p.peersPerSecond) / medianOf(raw, (p) => p.peersPerSecond)
            ).toFixed(3),
          ),
    runs: { raw, muster, shape },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
