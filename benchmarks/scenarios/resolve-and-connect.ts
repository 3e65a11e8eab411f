/**
 * Scenario 1, one to N: a fresh node (createCluster, dns-poll against the embedded DnsServer)
 * resolves N peers and finishes the handshake with all of them. Time from `start()` to N
 * nodeups, peers/s, CPU, peak RSS, memory per idle connection; beside the raw limit (net
 * connect + one 16-byte round trip) to the same peers, in the same run.
 *
 * After an unmeasured warm-up of each, measured rounds alternate (raw, muster, muster, raw,
 * raw, muster, ...) so drift on a shared machine hits both alike; each round's ratio is its
 * muster rate over the raw rate measured next to it, and the headline is the median ratio
 * (one pass of either moves by +-15 % on this machine).
 */
import { DnsServer } from '../../src/testing/index.js';
import { chunks, hostIn, MAX_A_PER_NAME, RANGES, SERVICE_HOSTS } from '../lib/addresses.js';
import { benchNode, nodeups } from '../lib/cluster-node.js';
import { load1, rssPeak, settledMemory } from '../lib/env-info.js';
import { median, round } from '../lib/measure.js';
import { MUSTER_PORT, RAW_PORT, startPeerHosts } from '../lib/peer-hosts.js';
import { type Phase, rawConnectPhase, timed } from '../lib/raw-connect.js';
import { type ScenarioOptions, type ScenarioResult, target } from '../lib/result.js';

const CONCURRENCY = 256; // the cluster's default connectConcurrency
/** Measured rounds of one raw and one muster pass each. */
const ROUNDS = 3;
const SELF = SERVICE_HOSTS.resolveAndConnectSelf;

interface MusterPass extends Phase {
  readonly connected: number;
  readonly peakRssMiB: number;
}

interface MemoryPerConnection {
  readonly rssBytes: number;
  readonly heapAndBuffersBytes: number;
}

/**
 * One fresh node from start() to N nodeups. With `memory`, also the memory per idle
 * connection (after two full GCs before and after). Only an extra pass after the measured
 * rounds does that: full GCs right before a timed pass slowed it by 10-15 % (V8 shrinks its
 * heap limits and drops unused code, so the pass starts colder than a node that just booted),
 * and the first pass of a process counts the code it compiles as memory.
 */
async function musterPass(
  dns: string,
  queries: string[],
  n: number,
  name: string,
  memory?: { perConnection?: MemoryPerConnection },
): Promise<MusterPass> {
  const before = memory ? settledMemory() : undefined;
  const cluster = benchNode({
    name: `${name}@${SELF}`,
    host: SELF,
    dns,
    queries,
    basename: 'peer',
  });
  const peak = rssPeak();
  const upTo = nodeups(cluster, n, 60_000 + n * 10);
  const phase = await timed(n, async () => {
    await cluster.start();
    return n - (await upTo.catch(() => cluster.nodes().length));
  });
  const peakRss = peak.stop();
  const connected = cluster.nodes().length;
  if (memory && before) {
    const after = settledMemory();
    memory.perConnection = {
      rssBytes: Math.round((after.rss - before.rss) / n),
      heapAndBuffersBytes: Math.round((after.heap - before.heap) / n),
    };
  }
  await cluster.stop();
  return { ...phase, connected, peakRssMiB: round(peakRss / 1024 / 1024, 1) };
}

async function one(n: number, progress: (m: string) => void) {
  const hosts = Array.from({ length: n }, (_, i) => hostIn(RANGES.resolveAndConnect, i));
  const children = n >= 1_000 ? 4 : 2;
  progress(`N=${n}: starting ${children} peer hosts`);
  const peers = await startPeerHosts(hosts, children);
  const server = new DnsServer({ host: SERVICE_HOSTS.dnsResolveAndConnect });
  try {
    await server.start();
    const parts = chunks(hosts);
    const queries = parts.map((_, i) => `peers${i}.n${n}.bench.`);
    for (const [i, part] of parts.entries()) server.setA(queries[i]!, part);
    const rawPass = () => rawConnectPhase(hosts, RAW_PORT, CONCURRENCY);
    let passes = 0;
    const musterOnce = async (memory?: { perConnection?: MemoryPerConnection }) => {
      const pass = await musterPass(server.address, queries, n, `bench${passes++}`, memory);
      await peers.quiet();
      return pass;
    };
    progress(`N=${n}: warm-up (raw, then muster)`);
    await rawPass();
    const warm = await musterOnce();
    const raw: Phase[] = [];
    const muster: MusterPass[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      progress(`N=${n}: round ${round + 1} of ${ROUNDS}`);
      // raw, muster | muster, raw | raw, muster: each pair measured back to back.
      if (round % 2 === 0) {
        raw.push(await rawPass());
        muster.push(await musterOnce());
      } else {
        muster.push(await musterOnce());
        raw.push(await rawPass());
      }
      ratios.push(round3(muster[round]!.peersPerSecond / raw[round]!.peersPerSecond));
    }
    progress(`N=${n}: memory per idle connection (one more muster pass, not timed)`);
    const memory: { perConnection?: MemoryPerConnection } = {};
    await musterOnce(memory);
    return {
      n,
      dnsNames: queries.length,
      peerProcesses: children,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      raw: {
        runs: raw,
        medianPeersPerSecond: median(raw.map((r) => r.peersPerSecond)),
        medianCpuMs: median(raw.map((r) => r.cpuMs)),
      },
      musterWarmup: { peersPerSecond: warm.peersPerSecond, ms: warm.ms },
      muster: {
        runs: muster,
        medianPeersPerSecond: median(muster.map((r) => r.peersPerSecond)),
        medianCpuMs: median(muster.map((r) => r.cpuMs)),
        connected: Math.min(...muster.map((r) => r.connected)),
        peakRssMiB: Math.max(...muster.map((r) => r.peakRssMiB)),
        /** From an extra pass after the rounds (see musterPass). */
        memoryPerConnection: memory.perConnection!,
      },
      ratios,
      ratioToRaw: median(ratios),
      cpuRatioToRaw: round(
        median(muster.map((r) => r.cpuMs)) / Math.max(1, median(raw.map((r) => r.cpuMs))),
        2,
      ),
    };
  } finally {
    await server.stop();
    peers.stop();
  }
}

const round3 = (x: number) => round(x, 3);

export async function resolveAndConnect(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const start = load1();
  const sizes = o.n !== undefined ? [o.n] : o.quick ? [100, 1_000] : [100, 1_000, 10_000];
  const runs = [];
  for (const n of sizes) runs.push(await one(n, o.progress));
  const ratios: Record<string, number> = {};
  const targets: ScenarioResult['targets'] = {};
  for (const r of runs) {
    ratios[`n${r.n}`] = r.ratioToRaw;
    if (r.n >= 10_000) targets[`ratio_n${r.n}`] = target(r.ratioToRaw, '>=', 0.7);
    if (r.n >= 1_000) {
      const bytes = r.muster.memoryPerConnection.heapAndBuffersBytes;
      targets[`memory_per_connection_n${r.n}`] = target(round(bytes / 1024, 2), '<', 16, ' KiB');
    }
  }
  const notes = [
    `Ports: muster ${MUSTER_PORT}, raw ${RAW_PORT}; peers on 127.140+ in child processes (benchmarks/tcp-peer-host.ts).`,
    'Time runs from start() (DNS poll included) to the last nodeup; raw has no DNS step.',
    `After a warm-up of each, ${ROUNDS} rounds alternate raw and muster passes; ratio = median over rounds of muster peers/s / raw peers/s of the same round.`,
    'Memory per connection (an extra, untimed pass): JS heap + external + array buffers after two GCs, and RSS, divided by N.',
  ];
  if (runs.some((r) => r.dnsNames > 1)) {
    notes.push(
      `N > ${MAX_A_PER_NAME.toLocaleString('en')}: one DNS message holds at most ~4,093 A records, so the peers are split over several DNS names, one dns-poll topology each (dnsNames).`,
    );
  }
  return {
    scenario: 'resolve-and-connect',
    load: { start, end: load1() },
    wallMs: Math.round(performance.now() - t0),
    ratios,
    targets,
    notes,
    data: runs,
  };
}

export type ResolveAndConnectRun = Awaited<ReturnType<typeof one>>;
