/**
 * What one realistic poll costs the core at N names: "diff and bookkeeping" end to end.
 *
 * Steady state: N nodes are known and connected. A dns-poll strategy gets a fresh answer of N
 * addresses (new string objects, as a DNS decode makes them) with 10% replaced against the
 * previous poll; timed from the poll to the end of the Reconciler's flush: names, the diff,
 * `applyDiff` (membership and the touched batch), and the flush (N/10 connects queued on a
 * transport that answers at once, N/10 removals disconnected). The answers alternate between
 * two address ranges, so every timed poll starts from the same steady state. The connects
 * completing afterwards (transport work, not bookkeeping) are timed apart.
 *
 * Baseline, alternated with it in the same run: from another fresh copy of the same answer,
 * build the N names, a Set of them, and probe it with every name of the previous poll: the
 * floor any Set-based diff of built names pays.
 */
import type { Clock } from '../../src/core/clock.js';
import { ConnectQueue } from '../../src/core/connect-queue.js';
import { ConnectSlots } from '../../src/core/connect-slots.js';
import { silentLogger } from '../../src/core/logger.js';
import type { NodeName } from '../../src/core/node-name.js';
import { Reconciler } from '../../src/core/reconciler.js';
import type { DnsLookup, DnsResult } from '../../src/dns/dns-resolver.js';
import { DnsPollStrategy } from '../../src/strategies/dns-poll-strategy.js';
import { MembershipTransport } from '../../src/transport/membership-transport.js';
import { round } from './measure.js';

/** A clock whose timers run only when the benchmark says so: no real waiting inside timings. */
export function manualClock(): Clock & { runAll(): void } {
  let timers = new Set<() => void>();
  return {
    now: () => 0,
    setTimeout: (fn) => {
      const handle = () => fn();
      timers.add(handle);
      return handle;
    },
    clearTimeout: (h) => {
      timers.delete(h as () => void);
    },
    runAll() {
      const due = timers;
      timers = new Set();
      for (const t of due) t();
    },
  };
}

/** A Reconciler on a transport that connects at once, as the manager builds it. */
export function reconcilerOn(clock: Clock, self = 'app@10.255.255.255' as NodeName) {
  const transport = new MembershipTransport();
  const stats = { connectAttempts: 0, connects: 0, connectFailures: 0, retries: 0 };
  let reconciler: Reconciler | undefined;
  const queue = new ConnectQueue(transport, {
    slots: new ConnectSlots(256),
    timeoutMs: 10_000,
    clock,
    onLateAnswer: (node) => reconciler?.onLateAnswer(node),
  });
  reconciler = new Reconciler({
    self,
    transport,
    queue,
    clock,
    debounceMs: 25,
    dialYieldMs: 0,
    retry: { initialDelayMs: 250, maxDelayMs: 30_000 },
    random: Math.random,
    stats,
    report: () => {},
  });
  return { reconciler, stats, transport };
}

/** `count` addresses from index `from`, each a new string object (as a DNS decode makes). */
export function freshAddresses(from: number, count: number): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const k = from + i;
    out[i] = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
  }
  return out;
}

/** Hands out whatever answer the benchmark set last. */
class SettableResolver implements DnsLookup {
  answer: string[] = [];

  async resolve(): Promise<DnsResult<string>> {
    return { kind: 'found', name: 'svc', records: this.answer };
  }

  async resolveSrv(): Promise<DnsResult<never>> {
    return { kind: 'empty', name: 'svc', reason: 'NXDOMAIN' };
  }
}

const PREFIX = 'app@';
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export interface SteadyPollResult {
  readonly n: number;
  readonly rounds: number;
  /** Poll -> names -> diff -> applyDiff -> flush (connects queued, removals disconnected). */
  readonly pollToFlushMs: number;
  /** The N/10 connects completing after the flush (transport answering at once). */
  readonly connectsSettleMs: number;
  /** Build N names from fresh addresses, a Set of them, probe with the previous poll's names. */
  readonly baselineMs: number;
  /** Median of per-round baseline / measure (above 1: cheaper than the baseline). */
  readonly ratioBaselineToPoll: number;
  /** Every round ended with exactly N connected and N/10 added, N/10 removed. */
  readonly correct: boolean;
}

export async function steadyPoll(n: number, rounds = 15, warmup = 4): Promise<SteadyPollResult> {
  const shift = Math.floor(n / 10);
  const clock = manualClock();
  const { reconciler, transport } = reconcilerOn(clock);
  // As the Cluster wires them (its own connected set and events are not counted).
  transport.on('nodeup', (node) => reconciler.onNodeUp(node));
  transport.on('nodedown', (node, reason) => reconciler.onNodeDown(node, reason));
  const resolver = new SettableResolver();
  const strategy = new DnsPollStrategy(
    {
      topology: 'dns',
      config: DnsPollStrategy.parseConfig({
        query: 'svc',
        nodeBasename: PREFIX.slice(0, -1),
        pollingInterval: 3_600_000,
      }),
      logger: silentLogger(),
      clock,
      self: 'app@10.255.255.255' as NodeName,
    },
    { resolver },
  );
  let added = 0;
  let removed = 0;
  strategy.on('diff', (diff) => {
    added += diff.added.length;
    removed += diff.removed.length;
    reconciler.applyDiff('dns', diff, true);
  });
  resolver.answer = freshAddresses(0, n);
  await strategy.start();
  await strategy.ready;
  reconciler.flush();
  await settle();

  let correct = transport.nodes().length === n;
  let previousNames = freshAddresses(0, n).map((a) => (PREFIX + a) as NodeName);
  const polls: number[] = [];
  const settles: number[] = [];
  const baselines: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const from = i % 2 === 0 ? shift : 0;
    resolver.answer = freshAddresses(from, n);
    const copy = freshAddresses(from, n);
    const baseline = () => {
      const t0 = process.hrtime.bigint();
      const next = new Set<NodeName>();
      for (const a of copy) next.add((PREFIX + a) as NodeName);
      let kept = 0;
      for (const name of previousNames) if (next.has(name)) kept++;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (kept !== n - shift) correct = false;
      previousNames = [...next];
      return ms;
    };
    const poll = async () => {
      added = 0;
      removed = 0;
      const t0 = process.hrtime.bigint();
      await strategy.pollNow();
      reconciler.flush();
      const t1 = process.hrtime.bigint();
      await settle();
      const t2 = process.hrtime.bigint();
      if (added !== shift || removed !== shift || transport.nodes().length !== n) correct = false;
      return [Number(t1 - t0) / 1e6, Number(t2 - t1) / 1e6] as const;
    };
    // Who goes first alternates, so a load spike or a GC hits both alike.
    let b: number;
    let p: readonly [number, number];
    if (i % 2 === 0) {
      b = baseline();
      p = await poll();
    } else {
      p = await poll();
      b = baseline();
    }
    if (i < warmup) continue;
    polls.push(p[0]);
    settles.push(p[1]);
    baselines.push(b);
    ratios.push(b / p[0]);
  }
  await strategy.stop();
  reconciler.stop();
  return {
    n,
    rounds,
    pollToFlushMs: round(median(polls)),
    connectsSettleMs: round(median(settles)),
    baselineMs: round(median(baselines)),
    ratioBaselineToPoll: round(median(ratios), 2),
    correct,
  };
}
