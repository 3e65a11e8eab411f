/**
 * Scenario 5, micro: diff of 100,000 names and a steady-state poll's diff and bookkeeping
 * (lib/micro-steady-poll.ts), in process, and the full core-bookkeeping.ts
 * benchmark in a child when not --quick), DNS decode of large answers, handshake cost. Every
 * figure beside a baseline measured in the same run.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { diffNodeSets } from '../../src/core/node-set-diff.js';
import type { NodeName } from '../../src/index.js';
import { load1 } from '../lib/env-info.js';
import { pairedSample } from '../lib/measure.js';
import { dnsDecode } from '../lib/micro-dns-decode.js';
import { handshakeCost } from '../lib/micro-handshake.js';
import { steadyPoll } from '../lib/micro-steady-poll.js';
import { type ScenarioOptions, type ScenarioResult, target } from '../lib/result.js';

const run = promisify(execFile);

function names(from: number, count: number): Set<NodeName> {
  return new Set(
    Array.from({ length: count }, (_, i) => {
      const k = from + i;
      return `app@10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` as NodeName;
    }),
  );
}

/** diffNodeSets on two polls of n names, 10% replaced; baseline: build + probe a Set. */
async function diff(n: number, runs: number) {
  const before = names(0, n);
  const after = names(n / 10, n);
  const setBuild = () => {
    const s = new Set<NodeName>();
    for (const x of after) s.add(x);
    let k = 0;
    for (const x of before) if (s.has(x)) k++;
    return k;
  };
  const p = await pairedSample(() => diffNodeSets(before, after), setBuild, runs, 1, 2);
  return {
    n,
    diffMs: p.aMs,
    baselineSetBuildMs: p.bMs,
    ratioBaselineToDiff: p.ratioBToA,
  };
}

async function coreBookkeeping(n: number): Promise<unknown> {
  const script = fileURLToPath(new URL('../core-bookkeeping.ts', import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, '--n', String(n)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim());
}

export async function micro(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const start = load1();
  const n = o.n ?? 100_000;
  o.progress(`diff of ${n} names`);
  const d = await diff(n, o.quick ? 9 : 21);
  o.progress(`diff and bookkeeping of a steady-state poll of ${n} names`);
  const poll = await steadyPoll(n, o.quick ? 9 : 21);
  o.progress('DNS decode of 4,000 and 10,000 A records');
  const decode = [
    await dnsDecode(4_000, o.quick ? 15 : 31),
    await dnsDecode(10_000, o.quick ? 9 : 21),
  ];
  o.progress('handshake cost');
  const handshake = await handshakeCost(o.quick ? 5 : 9, 50);
  let bookkeeping: unknown = 'skipped with --quick';
  if (!o.quick) {
    o.progress(`benchmarks/core-bookkeeping.ts --n ${n} (child process)`);
    bookkeeping = await coreBookkeeping(n);
  }
  return {
    scenario: 'micro',
    load: { start, end: load1() },
    wallMs: Math.round(performance.now() - t0),
    ratios: {
      diff_baseline_to_diff: d.ratioBaselineToDiff,
      diff_and_bookkeeping_baseline_to_poll: poll.ratioBaselineToPoll,
      dns_decode_4000: decode[0]!.ratioBareToMuster,
      handshake_raw_to_muster: handshake.ratioRawToMuster,
    },
    targets: {
      [`diff_${n}_ms`]: target(d.diffMs, '<', 20, ' ms'),
      [`diff_and_bookkeeping_${n}_ms`]: target(poll.pollToFlushMs, '<', 20, ' ms'),
    },
    notes: [
      'Diff and bookkeeping: a dns-poll of fresh addresses, 10% replaced, to the end of the flush (10% connects queued, 10% removed); its baseline builds the names and a Set of them and probes it with the previous poll.',
      'DNS decode at 10,000 records is a synthetic 160 KB message (a real one holds at most ~4,093 A records).',
      'Handshake: both ends in this process, so its CPU counts both sides; raw: connect + 16-byte echo + close.',
    ],
    data: { diff: d, steadyPoll: poll, dnsDecode: decode, handshake, coreBookkeeping: bookkeeping },
  };
}
