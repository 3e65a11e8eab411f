/**
 * Scenario 3, churn: a node connected to N peers; each round 10% of the DNS answer is replaced
 * (old addresses vanish, new ones appear) and the node polls. Time for the cluster to converge
 * (its nodes() equals the new answer) per round; sockets and timers counted after each round
 * and after stop, against the count before the node existed.
 */
import { PollingStrategy } from '../../src/index.js';
import { DnsServer } from '../../src/testing/index.js';
import type { TcpTransport } from '../../src/transport/tcp/index.js';
import { hostIn, RANGES, SERVICE_HOSTS } from '../lib/addresses.js';
import { benchNode, nodeups, sameSet, until } from '../lib/cluster-node.js';
import { load1 } from '../lib/env-info.js';
import { round } from '../lib/measure.js';
import { startPeerHosts } from '../lib/peer-hosts.js';
import { type ScenarioOptions, type ScenarioResult, target } from '../lib/result.js';

const SELF = SERVICE_HOSTS.churnSelf;

/** Active handles by type (TCPSocketWrap, TCPServerWrap, Timeout, UDPWrap, ...). */
function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

function delta(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function churn(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const start = load1();
  const n = o.n ?? (o.quick ? 200 : 1_000);
  const rounds = o.quick ? 3 : 5;
  const step = Math.max(1, Math.round(n / 10));
  const hosts = Array.from({ length: n + rounds * step }, (_, i) => hostIn(RANGES.churn, i));
  o.progress(`N=${n}: starting peer hosts for ${hosts.length} addresses`);
  const peers = await startPeerHosts(hosts, n >= 1_000 ? 4 : 2);
  const server = new DnsServer({ host: SERVICE_HOSTS.dnsChurn });
  await server.start();
  const query = `churn${n}.bench.`;
  let current = hosts.slice(0, n);
  server.setA(query, current);
  const before = resources();
  const cluster = benchNode({
    name: `churn@${SELF}`,
    host: SELF,
    dns: server.address,
    queries: [query],
    basename: 'peer',
  });
  const perRound = [];
  let afterStop: Record<string, number> = {};
  try {
    const joined = nodeups(cluster, n, 120_000);
    await cluster.start();
    await joined;
    const connectedBase = resources();
    const strategy = [...cluster.strategies().values()][0];
    if (!(strategy instanceof PollingStrategy)) throw new Error('expected a polling strategy');
    const transport = cluster.transportInstance as TcpTransport;
    for (let r = 1; r <= rounds; r++) {
      o.progress(`N=${n}: round ${r} of ${rounds}`);
      const fresh = hosts.slice(n + (r - 1) * step, n + r * step);
      current = [...current.slice(step), ...fresh];
      server.setA(query, current);
      const want = new Set(current.map((h) => `peer@${h}`));
      const stats0 = cluster.stats();
      const t = performance.now();
      await strategy.pollNow();
      await until(cluster, () => sameSet(cluster.nodes(), want), 60_000);
      const ms = performance.now() - t;
      await sleep(1_200); // lingering half-closed sockets (1 s) are gone after this
      const s = cluster.stats();
      perRound.push({
        round: r,
        msToConverge: Math.round(ms),
        nodeups: s.nodeups - stats0.nodeups,
        nodedowns: s.nodedowns - stats0.nodedowns,
        transportSockets: transport.stats().sockets,
        resourcesVsConnected: delta(connectedBase, resources()),
      });
    }
  } finally {
    await cluster.stop();
    await sleep(1_500);
    afterStop = resources();
    await server.stop();
    peers.stop();
  }
  const leakedAfterStop = delta(before, afterStop);
  const leakCount = Object.values(leakedAfterStop).reduce((a, b) => a + Math.max(0, b), 0);
  const roundLeaks = perRound.reduce(
    (a, r) => a + Object.values(r.resourcesVsConnected).reduce((x, y) => x + Math.abs(y), 0),
    0,
  );
  const times = perRound.map((r) => r.msToConverge).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  return {
    scenario: 'churn',
    load: { start, end: load1() },
    wallMs: Math.round(performance.now() - t0),
    ratios: {},
    targets: {
      leaked_handles_after_stop: target(leakCount, '<', 1),
      handle_drift_between_rounds: target(roundLeaks, '<', 1),
      sockets_equal_n: target(perRound.every((r) => r.transportSockets === n) ? 1 : 0, '>=', 1),
    },
    notes: [
      `Each round replaces ${step} of ${n} addresses (10%) and polls once; time runs from the poll to nodes() equal to the answer.`,
      'Handles are process.getActiveResourcesInfo() by type: after each round against right after the join, and after stop against before the node was created.',
    ],
    data: {
      n,
      replacedPerRound: step,
      medianMsToConverge: median,
      peersPerSecondChanged: round(((2 * step) / Math.max(1, median)) * 1000, 0),
      rounds: perRound,
      leakedAfterStop,
    },
  };
}
