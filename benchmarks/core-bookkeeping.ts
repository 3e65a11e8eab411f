/**
 * Micro-benchmark of the manager's pure bookkeeping at 100,000 names:
 *  - diff and bookkeeping (the target): a steady-state dns-poll of 100,000 fresh addresses,
 *    10% replaced, through names, the diff, the Reconciler and its flush (see
 *    lib/micro-steady-poll.ts), beside building and probing a Set of the same names;
 *  - diff: two polls of 100,000 names with 10% replaced (diffNodeSets);
 *  - bookkeeping: one topology reporting 100,000 new names to the Reconciler (membership +
 *    debounce batch), flushed into connects on a transport that answers at once;
 *  - burst: 100,000 one-name diffs (half of them undone inside the window) debounced into one
 *    batch and deduped.
 * Baseline in the same process for the diff: building and probing a Set of the same 100,000
 * strings, the floor any set-based diff pays. Prints one JSON object.
 * Run: npx tsx benchmarks/core-bookkeeping.ts [--n 100000]
 */
import 'reflect-metadata';
import type { NodeName } from '../src/core/node-name.js';
import { diffNodeSets } from '../src/core/node-set-diff.js';
import { flags, round, sample } from './lib/measure.js';
import { manualClock, reconcilerOn, steadyPoll } from './lib/micro-steady-poll.js';

const N = Number(flags().n ?? 100_000);
const names = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const k = from + i;
    return `app@10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` as NodeName;
  });

const before = new Set(names(0, N));
const after = new Set(names(N / 10, N));

async function main() {
  const poll = await steadyPoll(N);
  const baseline = await sample(() => {
    const s = new Set<NodeName>();
    for (const n of after) s.add(n);
    let k = 0;
    for (const n of before) if (s.has(n)) k++;
    return k;
  });

  const diff = await sample(() => diffNodeSets(before, after));

  const all = [...before];
  const flushOnly: number[] = [];
  // Bookkeeping: the manager taking in a 100,000-name diff (membership and the batch).
  const bookkeeping = await sample(
    () => {
      const { reconciler } = reconcilerOn(manualClock());
      reconciler.applyDiff('dns', { added: all, removed: [] }, true);
      reconciler.stop();
    },
    7,
    2,
  );
  // Flush: the batch turned into 100,000 queued, deduped connects (none completing).
  const flush = await sample(
    () => {
      const { reconciler } = reconcilerOn(manualClock());
      reconciler.applyDiff('dns', { added: all, removed: [] }, true);
      const t0 = process.hrtime.bigint();
      reconciler.flush();
      flushOnly.push(Number(process.hrtime.bigint() - t0) / 1e6);
      reconciler.stop();
    },
    7,
    2,
  );

  let burstDials = 0;
  const burst = await sample(
    () => {
      const clock = manualClock();
      const { reconciler, stats } = reconcilerOn(clock);
      for (let i = 0; i < all.length; i++) {
        reconciler.applyDiff('dns', { added: [all[i]!], removed: [] }, true);
        if (i % 2 === 1) reconciler.applyDiff('dns', { added: [], removed: [all[i]!] }, true);
      }
      clock.runAll();
      burstDials = stats.connectAttempts;
      reconciler.stop();
    },
    7,
    2,
  );

  const result = {
    benchmark: 'core-bookkeeping',
    n: N,
    node: process.version,
    diffAndBookkeepingMs: poll.pollToFlushMs,
    diffAndBookkeepingBaselineMs: poll.baselineMs,
    diffAndBookkeepingRatioBaselineToPoll: poll.ratioBaselineToPoll,
    steadyPollConnectsSettleMs: poll.connectsSettleMs,
    steadyPollCorrect: poll.correct,
    baselineSetBuildMs: baseline.medianMs,
    diffMs: diff.medianMs,
    diffRatioToBaseline: round(diff.medianMs / baseline.medianMs, 2),
    bookkeepingMs: bookkeeping.medianMs,
    flushToQueuedDialsMs: round(flushOnly.sort((a, b) => a - b)[Math.floor(flushOnly.length / 2)]!),
    bookkeepingAndFlushMs: flush.medianMs,
    burstDebounceDedupeMs: burst.medianMs,
    burstDials,
    burstDialsExpected: Math.ceil(N / 2),
    targets: { diffAndBookkeepingMs: 20, diffMs: 20 },
    pass:
      poll.pollToFlushMs < 20 &&
      poll.correct &&
      diff.medianMs < 20 &&
      burstDials === Math.ceil(N / 2),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
