/**
 * Scenario 4, quiet poll: N = 10,000 known nodes, nothing changes; CPU per poll beyond the DNS
 * round trip, two ways in one run:
 *  - strategy only (dns-resolve.ts's method): a dns-poll strategy fed 10,000 fresh addresses
 *    by an in-memory resolver, so all of the CPU is the poll's own;
 *  - real DNS: a cluster (transport 'none') with one dns-poll topology per DNS name (one answer
 *    holds at most ~4,093 A records) against the embedded DnsServer, CPU of a poll of all
 *    topologies minus the CPU of the same resolves alone, alternated.
 */

import { DnsResolver } from '../../src/dns/index.js';
import { createCluster, PollingStrategy } from '../../src/index.js';
import { DnsServer } from '../../src/testing/index.js';
import { chunks, SERVICE_HOSTS } from '../lib/addresses.js';
import { load1 } from '../lib/env-info.js';
import { addressesOf, cpuOf, quietPollStrategy } from '../lib/fixed-resolver.js';
import { median, round } from '../lib/measure.js';
import { type ScenarioOptions, type ScenarioResult, target } from '../lib/result.js';

async function strategyOnly(n: number, polls: number) {
  const strategy = quietPollStrategy(n, polls);
  let diffs = 0;
  strategy.on('diff', () => diffs++);
  await strategy.start();
  await strategy.ready;
  const cpu: number[] = [];
  for (let i = 0; i < polls; i++) cpu.push(await cpuOf(() => strategy.pollNow()));
  await strategy.stop();
  return {
    nodes: n,
    polls,
    medianCpuMs: round(median(cpu)),
    maxCpuMs: round(Math.max(...cpu)),
    diffsAfterFirst: diffs - 1,
  };
}

async function realDns(n: number, polls: number) {
  const server = new DnsServer({ host: SERVICE_HOSTS.dnsQuietPoll });
  await server.start();
  const parts = chunks(addressesOf(n));
  const queries = parts.map((_, i) => `quiet${i}.bench.`);
  for (const [i, p] of parts.entries()) server.setA(queries[i]!, p);
  const topologies = Object.fromEntries(
    queries.map((query, i) => [
      `dns${i}`,
      {
        strategy: 'dns-poll' as const,
        config: {
          query,
          nodeBasename: 'hello',
          pollingInterval: 3_600_000,
          nameservers: [server.address],
        },
      },
    ]),
  );
  const cluster = createCluster({
    name: 'hello@127.0.0.1',
    transport: { kind: 'none' },
    topologies,
    logLevel: 'silent',
  });
  const resolver = new DnsResolver({ nameservers: [server.address], timeout: 5_000, attempts: 1 });
  try {
    await cluster.start();
    await cluster.ready({ minNodes: n, timeout: 30_000 });
    const strategies = [...cluster.strategies().values()].filter(
      (s) => s instanceof PollingStrategy,
    );
    const pollAll = () => Promise.all(strategies.map((s) => s.pollNow()));
    const resolveAll = () => Promise.all(queries.map((q) => resolver.resolve(q, 'A')));
    for (let i = 0; i < 20; i++) {
      await pollAll();
      await resolveAll();
    }
    const pollCpu: number[] = [];
    const resolveCpu: number[] = [];
    let diffs = 0;
    cluster.on('diff', () => diffs++);
    for (let i = 0; i < polls; i++) {
      pollCpu.push(await cpuOf(pollAll));
      resolveCpu.push(await cpuOf(resolveAll));
    }
    const p = median(pollCpu);
    const r = median(resolveCpu);
    return {
      nodes: cluster.nodes().length,
      dnsNames: queries.length,
      polls,
      medianPollCpuMs: round(p),
      medianResolveOnlyCpuMs: round(r),
      beyondDnsCpuMs: round(Math.max(0, p - r)),
      ratioPollToResolve: round(p / r, 3),
      diffs,
    };
  } finally {
    await cluster.stop();
    await server.stop();
  }
}

export async function quietPoll(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const start = load1();
  const n = o.n ?? 10_000;
  const polls = o.quick ? 15 : 31;
  o.progress(`N=${n}: strategy-only quiet polls`);
  const only = await strategyOnly(n, polls);
  o.progress(`N=${n}: quiet polls through the embedded DNS server`);
  const real = await realDns(n, polls);
  return {
    scenario: 'quiet-poll',
    load: { start, end: load1() },
    wallMs: Math.round(performance.now() - t0),
    ratios: { poll_to_resolve: real.ratioPollToResolve },
    targets: {
      strategy_only_cpu_ms: target(only.medianCpuMs, '<', 2, ' ms'),
      beyond_dns_cpu_ms: target(real.beyondDnsCpuMs, '<', 2, ' ms'),
    },
    notes: [
      `N = ${n}; over real DNS it is split over ${real.dnsNames} names (one answer holds at most ~4,093 A records), one topology each.`,
      'CPU is process.cpuUsage (user + system) of this process; the DNS server runs in it too, so its cost is in both terms of the difference.',
    ],
    data: { strategyOnly: only, realDns: real },
  };
}
