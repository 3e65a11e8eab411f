/**
 * Join latency through a store: the time from a node's `start()` until all N = 100 other
 * nodes list it, for the postgres, redis and etcd strategies (each against its real server,
 * started here on loopback), beside dns-poll at the same size in the same run. Also the
 * leave latency of a graceful `stop()`. Not part of the CI gate.
 *
 *   node --import tsx benchmarks/store-join.ts --json benchmarks/results/store-join.json \
 *     --md benchmarks/results/store-join.md   (then benchmarks/report.ts appends it to docs)
 *
 * Every strategy runs with its defaults (heartbeat 5 s, ttl 15 s, pollingInterval 5 s); all
 * nodes are strategy instances in this one process (no transport: discovery only). For
 * dns-poll, "start" is the moment the platform adds the node's A record (a dns-poll node
 * announces nothing itself): the others see it at their next poll, so its join time is
 * bounded by pollingInterval, where the store strategies are notification-driven.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { type NodeName, toNodeName } from '../src/core/node-name.js';
import type { Strategy } from '../src/core/strategy.js';
import { DnsPollStrategy } from '../src/strategies/dns-poll-strategy.js';
import { DnsServer } from '../src/testing/dns-server.js';
import { startEtcd } from '../test/helpers/etcd-server.js';
import { startPostgres } from '../test/helpers/postgres-server.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { type StoreStrategyName, storeStrategyClass } from '../test/helpers/store-nodes.js';
import { machineInfo } from './lib/env-info.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    size: { type: 'string', default: '100' },
    json: { type: 'string' },
    md: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
const N = Number(values.size);
// 127.137.200.0/24 for the servers; node names 127.137.201-202.x are names only.
const nodeName = (i: number) => toNodeName(`bench@127.137.${201 + (i >> 8)}.${i & 255}`);

interface Row {
  readonly strategy: string;
  readonly joinMs: number[];
  readonly leaveMs: number[];
}

/** Resolves when every strategy in `others` has (or, `present` false, has not) `name`. */
function allSee(others: readonly Strategy[], name: NodeName, present = true): Promise<void> {
  return new Promise((resolve) => {
    let pending = 0;
    for (const s of others) {
      if (s.known().has(name) === present) continue;
      pending++;
      const check = () => {
        if (s.known().has(name) !== present) return;
        s.off('diff', check);
        if (--pending === 0) resolve();
      };
      s.on('diff', check);
    }
    if (pending === 0) resolve();
  });
}

/** Resolves when `s` lists `count` nodes (the others, settled before any round). */
function listsAll(s: Strategy, count: number): Promise<void> {
  return new Promise((resolve) => {
    if (s.known().size === count) return resolve();
    const check = () => {
      if (s.known().size !== count) return;
      s.off('diff', check);
      resolve();
    };
    s.on('diff', check);
  });
}

function storeStrategy(kind: StoreStrategyName, config: Record<string, unknown>, i: number) {
  const Class = storeStrategyClass(kind);
  return new Class({
    topology: 'bench',
    config: Class.parseConfig(config) as never,
    logger: silentLogger(),
    clock: systemClock,
    self: nodeName(i),
  });
}

async function measureStore(kind: StoreStrategyName, config: Record<string, unknown>) {
  const others = Array.from({ length: N }, (_, i) => storeStrategy(kind, config, i + 1));
  await Promise.all(others.map((s) => s.start()));
  await Promise.all(others.map((s) => listsAll(s, N)));
  const row: Row = { strategy: kind, joinMs: [], leaveMs: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const joiner = storeStrategy(kind, config, N + 1 + r);
    const name = nodeName(N + 1 + r);
    const seen = allSee(others, name);
    const t0 = performance.now();
    await joiner.start();
    await seen;
    row.joinMs.push(performance.now() - t0);
    const gone = allSee(others, name, false);
    const t1 = performance.now();
    await joiner.stop();
    await gone;
    row.leaveMs.push(performance.now() - t1);
  }
  await Promise.all(others.map((s) => s.stop()));
  return row;
}

async function measureDnsPoll(): Promise<Row> {
  const server = new DnsServer({ host: '127.137.200.9' });
  await server.start();
  const ip = (i: number) => nodeName(i).slice('bench@'.length);
  const listed = Array.from({ length: N }, (_, i) => ip(i + 1));
  server.setA('bench.test', listed);
  const config = DnsPollStrategy.parseConfig({
    query: 'bench.test',
    nodeBasename: 'bench',
    nameservers: [server.address],
    resolvConf: '/nonexistent',
  });
  const others = listed.map(
    (_, i) =>
      new DnsPollStrategy({
        topology: 'bench',
        config,
        logger: silentLogger(),
        clock: systemClock,
        self: nodeName(i + 1),
      }),
  );
  await Promise.all(others.map((s) => s.start()));
  await Promise.all(others.map((s) => s.ready));
  const row: Row = { strategy: 'dns-poll', joinMs: [], leaveMs: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const name = nodeName(N + 1 + r);
    const seen = allSee(others, name);
    const t0 = performance.now();
    server.setA('bench.test', [...listed, ip(N + 1 + r)]);
    await seen;
    row.joinMs.push(performance.now() - t0);
    const gone = allSee(others, name, false);
    const t1 = performance.now();
    server.setA('bench.test', listed);
    await gone;
    row.leaveMs.push(performance.now() - t1);
  }
  await Promise.all(others.map((s) => s.stop()));
  await server.stop();
  return row;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

const rows: Row[] = [];
const pg = await startPostgres('127.137.200.1');
try {
  rows.push(await measureStore('postgres', { connectionString: pg.url, table: 'bench_nodes' }));
} finally {
  await pg.stop();
}
const redis = await startRedis('127.137.200.2');
try {
  rows.push(await measureStore('redis', { url: redis.url, prefix: 'bench:' }));
} finally {
  await redis.stop();
}
const etcd = await startEtcd('127.137.200.3');
try {
  rows.push(await measureStore('etcd', { endpoints: [etcd.endpoint], prefix: '/bench/' }));
} finally {
  await etcd.stop();
}
rows.push(await measureDnsPoll());

const machine = machineInfo();
const table = [
  `## Joining through a store: ${N} nodes list a new one`,
  '',
  `\`node --import tsx benchmarks/store-join.ts\`: from a node's \`start()\` until all ${N} others list it (dns-poll: from the A record's addition), and from its graceful \`stop()\` (dns-poll: the record's removal) until none does; ${ROUNDS} rounds each, every strategy with its defaults, all nodes in one process, servers on loopback. ${machine.date.slice(0, 10)}, Node ${machine.node}, ${machine.cpus} x ${machine.cpuModel.split(' ').slice(0, 2).join(' ')}, load ${machine.loadAverage[0]}. Not gated.`,
  '',
  '| strategy | join, median ms | join, all rounds ms | leave, median ms | leave, all rounds ms |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| \`${r.strategy}\` | ${r1(median(r.joinMs))} | ${r.joinMs.map(r1).join(', ')} | ${r1(median(r.leaveMs))} | ${r.leaveMs.map(r1).join(', ')} |`,
  ),
  '',
  'The store strategies are notification-driven (NOTIFY, PUBLISH, a watch), so a join costs the',
  "new node's connect (PostgreSQL's SCRAM exchange is most of postgres' time) plus one message to",
  "every listener; dns-poll waits for each node's next poll, so with every node polling every 5 s",
  'the last of the others sees the change about one full interval later. A high load average',
  '(other work on the machine) inflates the store figures; the dns-poll figure is set by its interval.',
  '',
].join('\n');
process.stdout.write(`${table}\n`);
if (values.json)
  writeFileSync(values.json, `${JSON.stringify({ machine, size: N, rows }, null, 2)}\n`);
if (values.md) writeFileSync(values.md, table);
process.exit(0);
