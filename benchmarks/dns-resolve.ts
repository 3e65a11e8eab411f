/**
 * Resolve N A records from the embedded DNS server: muster's resolver against Node's own
 * `dns.Resolver` (c-ares) in the same process, same server, alternating runs; plus the CPU
 * of a quiet dns-poll at 10,000 nodes beyond the resolve. Prints one JSON object.
 *
 *   npx tsx benchmarks/dns-resolve.ts
 *
 * Fairness: both resolvers take the same path. Above ~250 records the UDP answer is
 * truncated for both (muster advertises 4096 bytes of EDNS0, c-ares at most that), so both
 * ask over UDP, see TC, and ask again over TCP; at 10 records both finish over UDP. The
 * server caches its encoded answers, so its cost is small and the same for both.
 * A DNS message is at most 65,535 bytes: about 4,090 A records (16 bytes each). At 10,000
 * records both resolvers get the same truncated TCP answer; `records` says how many.
 * Each sample times a batch of back-to-back resolves (per-resolve ms), so one timer read
 * and one scheduler hiccup do not dominate a 0.1 ms operation; the median sample is kept.
 */
import { Resolver } from 'node:dns/promises';
import { DnsResolver } from '../src/dns/dns-resolver.js';
import { DnsServer } from '../src/testing/dns-server.js';
import { addressesOf, quietPollStrategy } from './lib/fixed-resolver.js';
import { median } from './lib/measure.js';

const HOST = '127.11.0.1';
const SIZES = [10, 300, 3000, 10000];
const ITERATIONS = 21;
// Warm-up resolves per size, so muster's JIT-compiled path is measured (c-ares is native):
// the medians are steady-state costs, not first-call costs.
const WARMUP = 200;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Per-resolve milliseconds of `batch` back-to-back resolves (one timer read per batch). */
async function timeBatch(
  fn: () => Promise<number>,
  batch: number,
): Promise<{ ms: number; records: number }> {
  let records = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) records = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6 / batch, records };
}

async function resolveBench(server: DnsServer) {
  const { port } = await server.start();
  const muster = new DnsResolver({ nameservers: [`${HOST}:${port}`], timeout: 5000, attempts: 1 });
  const cares = new Resolver({ timeout: 5000, tries: 1 });
  cares.setServers([`${HOST}:${port}`]);
  const out: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    const name = `svc${n}.bench`;
    server.setA(name, addressesOf(n));
    const batch = n <= 300 ? 20 : 5;
    const runMuster = async () => {
      const r = await muster.resolve4(`${name}.`);
      return r.kind === 'found' ? r.records.length : 0;
    };
    const runCares = async () => (await cares.resolve4(name)).length;
    for (let i = 0; i < (n <= 300 ? WARMUP : WARMUP / 10); i++) {
      await runMuster();
      await runCares();
    }
    const m: number[] = [];
    const c: number[] = [];
    let mRecords = 0;
    let cRecords = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      // Alternate who goes first so neither always runs right after the other's garbage.
      const musterFirst = i % 2 === 0;
      const a = musterFirst ? await timeBatch(runMuster, batch) : undefined;
      const b = await timeBatch(runCares, batch);
      const a2 = a ?? (await timeBatch(runMuster, batch));
      m.push(a2.ms);
      c.push(b.ms);
      mRecords = a2.records;
      cRecords = b.records;
    }
    out.push({
      records_served: n,
      batch,
      muster: { median_ms: round(median(m)), records: mRecords },
      cares: { median_ms: round(median(c)), records: cRecords },
      ratio_cares_over_muster: round(median(c) / median(m)),
    });
  }
  return out;
}

/** CPU (user + system) of one quiet poll at 10,000 nodes, the resolve itself excluded. */
async function quietPollBench() {
  const n = 10_000;
  const polls = 31;
  const strategy = quietPollStrategy(n, polls);
  let diffs = 0;
  strategy.on('diff', () => diffs++);
  await strategy.start();
  await strategy.ready;
  const cpu: number[] = [];
  for (let i = 0; i < polls; i++) {
    const before = process.cpuUsage();
    await strategy.pollNow();
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  await strategy.stop();
  return {
    nodes: strategy.known().size || n,
    polls,
    median_cpu_ms: round(median(cpu)),
    max_cpu_ms: round(Math.max(...cpu)),
    diffs_after_first: diffs - 1,
  };
}

const server = new DnsServer({ host: HOST });
try {
  const resolve = await resolveBench(server);
  const quietPoll = await quietPollBench();
  const result = {
    benchmark: 'dns-resolve',
    node: process.version,
    iterations: ITERATIONS,
    resolve,
    quiet_poll_10000: { ...quietPoll, target_ms: 2 },
    note: 'A DNS message holds at most ~4,090 A records; at 10,000 both resolvers receive the same truncated TCP answer.',
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await server.stop();
}
